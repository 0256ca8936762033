using Aggregator.Contracts.V1;
using Aggregator.Domain.Cells;

namespace Aggregator.Export.Internal;

/// <summary>The ranked table of a comparison and its summary.</summary>
internal static class ComparisonTable
{
    public const string Sheet = "比较";
    public const string SummaryTitle = "汇总 / summary";

    public static readonly string[] Headers =
    [
        "排名 / rank", "单位代码 / unit id", "单位名称 / unit", "值 / value", "占比(%) / share (%)",
        "与中位数之差 / diff from median", "修正Z值 / modified z", "异常值 / outlier", "上年值 / previous",
        "同比变化 / YoY change", "同比变化率(%) / YoY (%)", "来源 / source",
    ];

    public static string Title(CompareResponse comparison)
    {
        var label = comparison.LabelZh.Length > 0 ? comparison.LabelZh : comparison.Metric;
        return comparison.LabelEn.Length > 0
            ? $"比较:{label}({comparison.Metric}) / comparison: {comparison.LabelEn}"
            : $"比较:{label}({comparison.Metric})";
    }

    public static IEnumerable<ExportSection> Build(CompareResponse comparison)
    {
        yield return new ExportSection(Title(comparison), Sheet, Ranked(comparison));
        yield return new ExportSection(SummaryTitle, Sheet, Summary(comparison));
    }

    /// <summary>One row per child in the order given (rank, then id); rank 0 ("no value") prints blank.</summary>
    public static Grid Ranked(CompareResponse comparison)
    {
        var grid = new Grid(Headers.Length) { Widths = [8, 16, 20, 14, 14, 16, 12, 10, 14, 14, 14, 20] };
        grid.Add([.. Headers.Select(GridCell.Header)]);
        foreach (var row in comparison.Rows)
        {
            var yoy = row.YoyComparable
                ? (Previous: GridCell.Decimal(row.Previous), Change: GridCell.Decimal(row.YoyChange), Rate: Percent(row.YoyChangeRate))
                : (Previous: GridCell.FreeText(Labels.NotComparable), Change: GridCell.FreeText(Labels.NotComparable), Rate: GridCell.FreeText(Labels.NotComparable));
            grid.Add(
                row.Rank > 0 ? GridCell.Number(row.Rank) : GridCell.Empty,
                GridCell.FreeText(row.UnitId),
                GridCell.FreeText(row.UnitName),
                GridCell.Decimal(row.Value),
                Percent(row.Share),
                GridCell.Decimal(row.DiffFromMedian),
                GridCell.Decimal(row.ModifiedZ),
                row.Value is null ? GridCell.Empty : GridCell.FreeText(row.Outlier ? "是 / yes" : "否 / no"),
                yoy.Previous,
                yoy.Change,
                yoy.Rate,
                GridCell.FreeText(Labels.Source(row.Source)));
        }

        return grid;
    }

    public static Grid Summary(CompareResponse comparison)
    {
        var grid = new Grid(2) { Widths = [30, 30] };
        grid.Add(GridCell.Header("项目 / item"), GridCell.Header("值 / value"));
        grid.Add(GridCell.Label("指标 / metric"), GridCell.FreeText(comparison.Metric));
        grid.Add(GridCell.Label("合计 / total"), GridCell.Decimal(comparison.Total));
        grid.Add(GridCell.Label("中位数 / median"), GridCell.Decimal(comparison.Median));
        grid.Add(GridCell.Label("中位数绝对偏差 / MAD"), GridCell.Decimal(comparison.Mad));
        return grid;
    }

    /// <summary>A fraction as an exact percentage (×100 is exact in decimal).</summary>
    private static GridCell Percent(Aggregator.Contracts.V1.Decimal? fraction) =>
        fraction is { Value.Length: > 0 } && ExactDecimal.TryParse(fraction.Value, out var v)
            ? GridCell.Number(v * 100)
            : GridCell.Decimal(fraction);
}
