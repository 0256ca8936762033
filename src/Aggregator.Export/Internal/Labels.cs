using Aggregator.Contracts.V1;

namespace Aggregator.Export.Internal;

/// <summary>Display labels of contract enums and codes (Chinese / English).</summary>
internal static class Labels
{
    public static string Source(RecordSource source) => source switch
    {
        RecordSource.Submission => "报送 / submission",
        RecordSource.Published => "已公开报告 / published record",
        _ => "",
    };

    public static string Review(ReviewState state) => state switch
    {
        ReviewState.Submitted => "已报送 / submitted",
        ReviewState.Accepted => "已通过 / accepted",
        ReviewState.Returned => "已退回 / returned",
        ReviewState.Published => "已公开 / published",
        _ => "",
    };

    public static string MissingReason(string reason) => reason switch
    {
        "no_submission" => "未报送 / no submission",
        "returned" => "已退回 / returned",
        "not_accepted" => "未通过审核 / not accepted",
        _ => reason,
    };

    public static string Severity(Aggregator.Contracts.V1.Severity severity) => severity switch
    {
        Aggregator.Contracts.V1.Severity.Error => "错误 / error",
        Aggregator.Contracts.V1.Severity.Warning => "警告 / warning",
        _ => "",
    };

    public static string Kind(FindingKind kind) => kind switch
    {
        FindingKind.Violated => "不符合 / violated",
        FindingKind.NotAssessable => "无法判断 / not assessable",
        _ => "",
    };

    public static string Policy(VersionPolicy policy) => policy switch
    {
        VersionPolicy.LatestAccepted => "仅计已通过 / latest accepted",
        _ => "最新报送 / latest submitted",
    };

    public const string NotComparable = "不可比 / not comparable";
}
