using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Export.Internal;

/// <summary>The late units of a status (催报 list): name, contact from the registry, days late; then every unit.</summary>
internal static class StatusTable
{
    public const string Sheet = "逾期单位";
    public const string AllSheet = "报送情况";

    public static readonly string[] LateHeaders =
    [
        "单位代码 / unit id", "单位名称 / unit", "联系人 / contact", "状态 / status", "截止日期 / deadline",
        "逾期天数 / days late", "首次完整报送 / submitted at",
    ];

    public static readonly string[] AllHeaders =
    [
        "单位代码 / unit id", "单位名称 / unit", "联系人 / contact", "状态 / status", "逾期 / late",
        "截止日期 / deadline", "逾期天数 / days late", "首次完整报送 / submitted at", "版本 / version", "警告数 / warnings",
    ];

    public static string Title(StatusSummary s) => $"{s.Year.ToString(CultureInfo.InvariantCulture)}年度报送情况 / reporting status";

    public static IEnumerable<ExportSection> Build(StatusSummary summary)
    {
        var late = summary.Units.Where(u => u.Late).OrderByDescending(u => u.DaysLate).ThenBy(u => u.UnitId, StringComparer.Ordinal).ToList();
        var lateGrid = new Grid(LateHeaders.Length) { Widths = [18, 20, 30, 16, 14, 12, 20] };
        lateGrid.Add([.. LateHeaders.Select(GridCell.Header)]);
        foreach (var u in late)
        {
            lateGrid.Add(
                GridCell.FreeText(u.UnitId),
                GridCell.FreeText(u.UnitName),
                GridCell.FreeText(u.Contact),
                GridCell.FreeText(Status(u.Status)),
                GridCell.FreeText(DeadlineDate(u.Deadline)),
                GridCell.Number(u.DaysLate),
                GridCell.FreeText(Time(u.SubmittedAt)));
        }

        yield return new ExportSection($"逾期单位({late.Count})/ late units", Sheet, lateGrid);

        var all = new Grid(AllHeaders.Length) { Widths = [18, 20, 30, 16, 8, 14, 12, 20, 8, 10] };
        all.Add([.. AllHeaders.Select(GridCell.Header)]);
        foreach (var u in summary.Units)
        {
            all.Add(
                GridCell.FreeText(u.UnitId),
                GridCell.FreeText(u.UnitName),
                GridCell.FreeText(u.Contact),
                GridCell.FreeText(Status(u.Status)),
                GridCell.FreeText(u.Late ? "是 / yes" : "否 / no"),
                GridCell.FreeText(DeadlineDate(u.Deadline)),
                GridCell.Number(u.DaysLate),
                GridCell.FreeText(Time(u.SubmittedAt)),
                u.Version > 0 ? GridCell.Number(u.Version) : GridCell.Empty,
                GridCell.Number(u.WarningCount));
        }

        yield return new ExportSection($"全部单位({summary.Units.Count})/ every unit", AllSheet, all);
    }

    public static string Status(UnitStatus status) => status switch
    {
        UnitStatus.NotStarted => "未开始 / not started",
        UnitStatus.Draft => "草稿 / draft",
        UnitStatus.Submitted => "已报送 / submitted",
        UnitStatus.Accepted => "已通过 / accepted",
        UnitStatus.Returned => "已退回 / returned",
        UnitStatus.Published => "已公开 / published",
        _ => "",
    };

    /// <summary>The due date in Asia/Shanghai (the deadline instant is the end of that day).</summary>
    private static string DeadlineDate(Google.Protobuf.WellKnownTypes.Timestamp? deadline) =>
        deadline is null ? "" : deadline.ToDateTimeOffset().ToOffset(Aggregator.Domain.Analysis.DeadlinePolicy.ChinaOffset).AddTicks(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(Google.Protobuf.WellKnownTypes.Timestamp? at) =>
        at is null ? "" : at.ToDateTimeOffset().ToOffset(Aggregator.Domain.Analysis.DeadlinePolicy.ChinaOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
