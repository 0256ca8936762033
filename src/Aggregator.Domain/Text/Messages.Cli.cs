namespace Aggregator.Domain.Text;

public static partial class Messages
{
    /// <summary>The CLI's table headers and summaries shared by several commands.</summary>
    public static class Cli
    {
        public static LocalizedText Rule => new("规则", "Rule");

        public static LocalizedText Severity => new("级别", "Severity");

        public static LocalizedText Cells => new("单元格", "Cells");

        public static LocalizedText Reported => new("填报值", "Reported");

        public static LocalizedText Computed => new("计算值", "Computed");

        public static LocalizedText Message => new("说明", "Message");

        public static LocalizedText FoundAt => new("发现时间", "Found at");

        public static LocalizedText Where => new("位置", "Where");

        public static LocalizedText CellsNotReported => new("未填报的单元格", "Cells not reported");

        public static LocalizedText RulesNotAssessable => new("无法核验的规则", "Rules not assessable");

        public static LocalizedText Section => new("部分", "Section");

        public static LocalizedText WholeDocument => new("文档", "document");

        public static LocalizedText Line => new("行", "Line");

        public static LocalizedText Expected => new("应为", "Expected");

        public static LocalizedText Found => new("实际", "Found");

        public static LocalizedText CellOrField => new("单元格/字段", "Cell / field");

        public static LocalizedText Violations => new("校验问题", "Violations");

        public static LocalizedText Error => new("错误", "error");

        public static LocalizedText Warning => new("警告", "warning");

        public static LocalizedText Note(LocalizedText note) => new($"说明:{note.Zh}", $"note: {note.En}");
   
        // A gRPC failure, by status code (the server's detail follows).

        public static LocalizedText Unavailable(string address) => new(
            $"无法连接服务器 {address}:服务不可用或未启动(可用 --server 或 AGGREGATOR_SERVER 指定地址)",
            $"Cannot connect to the server at {address}: it is not running or unavailable (set --server or AGGREGATOR_SERVER)");

        public static LocalizedText DeadlineExceeded(string address) => new($"服务器 {address} 响应超时", $"The server at {address} did not answer in time");

        public static LocalizedText Unauthenticated => new(
            "未认证:缺少或无效的令牌(用 --token 或 AGGREGATOR_TOKEN 提供;可用 aggregator token 生成)",
            "Not authenticated: missing or invalid token (pass --token or AGGREGATOR_TOKEN; mint one with 'aggregator token')");

        public static LocalizedText PermissionDenied => new("权限不足:令牌无权访问该单位", "Permission denied: the token may not act on this unit");

        public static LocalizedText NotFound => new("未找到:单位、年度或报表不存在", "Not found: the unit, year or report does not exist");

        public static LocalizedText InvalidArgument => new("请求被拒绝:数据校验未通过", "Rejected: the request did not pass validation");

        public static LocalizedText FailedPrecondition => new("请求被拒绝:该年度已被审核通过并锁定", "Rejected: the year has already been accepted and is locked");

        public static LocalizedText Aborted => new("请求被拒绝:版本冲突,请重试", "Rejected: version conflict, try again");

        public static LocalizedText AlreadyExists => new("请求被拒绝:已存在", "Rejected: already exists");

        public static LocalizedText ResourceExhausted => new("服务器繁忙,请稍后重试", "The server is busy, try again later");

        public static LocalizedText Unimplemented => new("服务器不支持该操作", "The server does not implement this call");

        public static LocalizedText Cancelled => new("已取消", "Cancelled");

        public static LocalizedText ServerError(string code) => new($"服务器错误({code})", $"Server error ({code})");

        /// <summary>A refusal: what the status code means, then the server's reason.</summary>
        public static LocalizedText Refused(LocalizedText status, string reason) => new($"{status.Zh}：{reason}", $"{status.En}: {reason}");
    }
}
