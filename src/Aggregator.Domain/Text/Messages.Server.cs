namespace Aggregator.Domain.Text;

public static partial class Messages
{
    /// <summary>The server's refusals and error details (written in the caller's <c>accept-language</c>).</summary>
    public static class Server
    {
        /// <summary>A published document refused because it cannot be imported: the count and the first problem (which says where, expected and found).</summary>
        public static LocalizedText DocumentRefused(int count, LocalizedText first) => new(
            $"文档无法导入(共 {count} 处问题);第一处:{first.Zh}",
            $"The document cannot be imported ({count} problem(s)); first: {first.En}");

        public static LocalizedText DocumentUnparseable => new("文档无法解析,未导入。", "The document cannot be imported: it could not be parsed.");

        /// <summary>One field violation of a BadRequest: the rule and its message.</summary>
        public static LocalizedText Violation(string rule, LocalizedText message) => new($"{rule}：{message.Zh}", $"{rule}: {message.En}");

        /// <summary>The last field violation when the rest do not fit in the trailer.</summary>
        public static LocalizedText MoreViolations(int count) => new($"……另有 {count} 处问题", $"… and {count} more");

        public static LocalizedText RulesViolated(string unit, int year, int count) => new(
            $"单位“{unit}”{year} 年度的报告违反 {count} 条规则,未存储。",
            $"The report of unit '{unit}' for {year} violates {count} rule(s); nothing was stored.");

        public static LocalizedText Malformed(int count) => new(
            $"报告格式有误(共 {count} 处问题),未存储。",
            $"The report is malformed ({count} problem(s)); nothing was stored.");

        public static LocalizedText PublishedMalformed => new("公开报告格式有误,无法存储。", "The published report cannot be stored: it is malformed.");

        public static LocalizedText InvalidUnitId => new("unit_id 不是有效的单位标识,未存储。", "unit_id is not a valid unit id; nothing was stored.");

        public static LocalizedText Locked(string unit, int year, long version) => new(
            $"单位“{unit}”{year} 年度的报告已由审核人通过(版本 {version})并锁定。",
            $"The {year} report of unit '{unit}' was accepted by the reviewer (version {version}) and is locked.");

        public static LocalizedText TooManyVersions(string unit, int year, long versions, long max) => new(
            $"单位“{unit}”{year} 年度的报告已有 {versions} 个版本,达到上限(Aggregator:Limits:MaxVersionsPerUnitYear = {max}),未存储。",
            $"The {year} report of unit '{unit}' already has {versions} versions, the most allowed (Aggregator:Limits:MaxVersionsPerUnitYear = {max}); nothing was stored.");

        public static LocalizedText NothingToReview(string unit, int year) => new(
            $"单位“{unit}”{year} 年度没有待审核的报送。",
            $"Unit '{unit}' has no submission for {year} to review.");

        public static LocalizedText AlreadyAccepted(string unit, int year, long version) => new(
            $"单位“{unit}”{year} 年度的报告已审核通过(版本 {version})。",
            $"The {year} report of unit '{unit}' is already accepted (version {version}).");

        public static LocalizedText UnknownRole(string role) => new($"令牌的角色“{role}”未知。", $"The token's role '{role}' is not known.");

        public static LocalizedText UnknownTokenUnit(string unit) => new($"令牌的单位“{unit}”不在单位名录中。", $"The token's unit '{unit}' is not in the registry.");

        /// <summary>PERMISSION_DENIED: a token of <paramref name="unit"/> may not do <paramref name="action"/> on <paramref name="requested"/>.</summary>
        public static LocalizedText AccessDenied(string role, string unit, LocalizedText action, string requested) => new(
            $"单位“{unit}”的 {role} 令牌无权{action.Zh}单位“{requested}”。",
            $"A {role} token of unit '{unit}' may not {action.En} unit '{requested}'.");

        public static LocalizedText ActionRead => new("读取", "read");

        public static LocalizedText ActionSubmit => new("报送", "submit for");

        public static LocalizedText ActionReview => new("审核", "review");

        public static LocalizedText ActionBackfill => new("补录", "backfill");

        public static LocalizedText YearOutside(int year, int min, int max) => new($"年度 {year} 超出 {min}–{max}。", $"year {year} is outside {min}..{max}.");

        /// <summary>A report for a year the unit's registry entry is not valid (区划调整: before it was set up, after it was merged or renamed).</summary>
        public static LocalizedText NotAUnitInYear(string unit, int year) => new(
            $"单位“{unit}”在 {year} 年不是报送单位(见单位名录的 valid_from/valid_to),未存储。",
            $"Unit '{unit}' was not a reporting unit in {year} (see valid_from/valid_to in the registry); nothing was stored.");

        public static LocalizedText YearNotGiven => new("未给出年度,文件名中也没有年度。", "The year is not given and the file name has none.");

        public static LocalizedText GiveYear => new("请给出年度,或将文件命名为 <单位>-<年度>.扩展名。", "Give year, or name the file <unit>-<year>.ext.");

        public static LocalizedText OutsideReportedYears => new("不在可报送的年度范围内。", "Outside the years reported on.");

        public static LocalizedText NotUtf8 => new("文件不是 UTF-8 文本。", "The file is not UTF-8 text.");

        public static LocalizedText ContentTooLarge(int bytes, int limit) => new($"内容共 {bytes} 字节,上限为 {limit} 字节。", $"content is {bytes} bytes; the limit is {limit}.");

        public static LocalizedText UnknownMetric(string metric, IReadOnlyList<string> valid) => new(
            $"未知指标“{metric}”:请用指标标识、行路径(指其总计列)或单元格路径。可用:{string.Join("、", valid)}。",
            $"Unknown metric '{metric}': use an indicator id, a row path (meaning its total column) or a cell path. Valid: {string.Join(", ", valid)}.");

        public static LocalizedText UnsupportedMediaType(string mediaType) => new(
            $"不支持媒体类型“{mediaType}”(应为 text/plain 或 text/html)。",
            $"media_type '{mediaType}' is not supported (text/plain or text/html).");
    }
}
