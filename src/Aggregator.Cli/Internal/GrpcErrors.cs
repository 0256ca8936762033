using Google.Rpc;
using Grpc.Core;
using Spectre.Console;

namespace Aggregator.Cli.Internal;

/// <summary>Turns gRPC failures into a friendly message, a violations table and an exit code.</summary>
internal static class GrpcErrors
{
    public static int ExitCodeOf(StatusCode code) => code switch
    {
        StatusCode.OK => ExitCodes.Ok,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => ExitCodes.Unavailable,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied => ExitCodes.Auth,
        StatusCode.NotFound => ExitCodes.NotFound,
        _ => ExitCodes.Rejected,
    };

    public static (string Zh, string En) Describe(StatusCode code, string address) => code switch
    {
        StatusCode.Unavailable => ($"无法连接服务器 {address}:服务不可用或未启动(可用 --server 或 AGGREGATOR_SERVER 指定地址)",
            $"Cannot connect to the server at {address}: it is not running or unavailable (set --server or AGGREGATOR_SERVER)"),
        StatusCode.DeadlineExceeded => ($"服务器 {address} 响应超时", $"The server at {address} did not answer in time"),
        StatusCode.Unauthenticated => ("未认证:缺少或无效的令牌(用 --token 或 AGGREGATOR_TOKEN 提供;可用 aggregator token 生成)",
            "Not authenticated: missing or invalid token (pass --token or AGGREGATOR_TOKEN; mint one with 'aggregator token')"),
        StatusCode.PermissionDenied => ("权限不足:令牌无权访问该单位", "Permission denied: the token may not act on this unit"),
        StatusCode.NotFound => ("未找到:单位、年度或报表不存在", "Not found: the unit, year or report does not exist"),
        StatusCode.InvalidArgument => ("请求被拒绝:数据校验未通过", "Rejected: the request did not pass validation"),
        StatusCode.FailedPrecondition => ("请求被拒绝:该年度已被审核通过并锁定", "Rejected: the year has already been accepted and is locked"),
        StatusCode.Aborted => ("请求被拒绝:版本冲突,请重试", "Rejected: version conflict, try again"),
        StatusCode.AlreadyExists => ("请求被拒绝:已存在", "Rejected: already exists"),
        StatusCode.ResourceExhausted => ("服务器繁忙,请稍后重试", "The server is busy, try again later"),
        StatusCode.Unimplemented => ("服务器不支持该操作", "The server does not implement this call"),
        StatusCode.Cancelled => ("已取消", "Cancelled"),
        _ => ($"服务器错误({code})", $"Server error ({code})"),
    };

    /// <summary>Prints the failure (with BadRequest violations when present) and returns the exit code.</summary>
    public static int Report(CliContext ctx, RpcException e, string address)
    {
        var (zh, en) = Describe(e.StatusCode, address);
        var detail = string.IsNullOrWhiteSpace(e.Status.Detail) || (e.StatusCode is StatusCode.Unavailable or StatusCode.Unauthenticated or StatusCode.PermissionDenied
                && (e.Status.Detail.StartsWith("Error", StringComparison.Ordinal) || e.Status.Detail.StartsWith("Bad gRPC response", StringComparison.Ordinal)))
            ? ""
            : " — " + e.Status.Detail;
        ctx.Fail(zh + detail, en + detail);

        if (e.StatusCode == StatusCode.InvalidArgument && BadRequestOf(e) is { FieldViolations.Count: > 0 } bad)
        {
            var table = new Table().Title(ctx.T("校验问题", "Violations")).AddColumn(ctx.T("单元格/字段", "Cell / field")).AddColumn(ctx.T("说明", "Description"));
            foreach (var v in bad.FieldViolations)
            {
                table.AddRow(new Text(v.Field), new Text(v.Description));
            }

            ctx.Err.Write(table);
        }

        return ExitCodeOf(e.StatusCode);
    }

    public static BadRequest? BadRequestOf(RpcException e)
    {
        try
        {
            return e.GetRpcStatus()?.GetDetail<BadRequest>();
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
