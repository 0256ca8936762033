using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Cells;

namespace Aggregator.Export.Internal;

/// <summary>The parts of a rollup export after the national tables.</summary>
internal static class RollupSections
{
    public const string CoverageTitle = "覆盖情况(各单元格报告单位数) / coverage";
    public const string SummaryTitle = "汇总范围 / scope";
    public const string ContributingTitle = "已汇总单位 / contributing units";
    public const string MissingTitle = "未计入单位 / missing units";
    public const string FindingsTitle = "勾稽关系检查 / findings";
    public const string IndicatorsTitle = "指标 / indicators";

    public const string CoverageSheet = "覆盖";
    public const string UnitsSheet = "单位";
    public const string FindingsSheet = "检查";
    public const string IndicatorsSheet = "指标";

    public static IEnumerable<ExportSection> Build(Rollup rollup, AnnualReport total)
    {
        yield return new ExportSection(CoverageTitle, CoverageSheet, Coverage(rollup, total));
        yield return new ExportSection(SummaryTitle, UnitsSheet, Summary(rollup));
        yield return new ExportSection(ContributingTitle, UnitsSheet, Contributing(rollup));
        yield return new ExportSection(MissingTitle, UnitsSheet, Missing(rollup));
        yield return new ExportSection(FindingsTitle, FindingsSheet, Findings(rollup));
        yield return new ExportSection(IndicatorsTitle, IndicatorsSheet, Indicators(rollup));
    }

    /// <summary>
    /// Every cell of the format in catalog order with its summed value, how many units reported it
    /// (0 when nobody did) and how many were expected; then coverage entries the catalog does not
    /// know, as sent.
    /// </summary>
    public static Grid Coverage(Rollup rollup, AnnualReport total)
    {
        var grid = new Grid(5) { Widths = [40, 50, 16, 14, 14] };
        grid.Add(
            GridCell.Header("单元格 / cell"), GridCell.Header("名称 / label"), GridCell.Header("汇总值 / total"),
            GridCell.Header("报告单位数 / reporting units"), GridCell.Header("应报单位数 / expected units"));
        var reported = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var c in rollup.Coverage)
        {
            reported[c.Cell] = c.ReportingUnits;
        }

        var expected = GridCell.Number(rollup.ExpectedUnits);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var cell in CellCatalog.ForFormat(total.Format))
        {
            known.Add(cell.Path);
            grid.Add(
                GridCell.FreeText(cell.Path), GridCell.FreeText(cell.LabelZh), GridCell.Number(total.Figures[cell.Id]),
                GridCell.Number(reported.GetValueOrDefault(cell.Path)), expected);
        }

        foreach (var c in rollup.Coverage.Where(c => !known.Contains(c.Cell)))
        {
            grid.Add(GridCell.FreeText(c.Cell), GridCell.Empty, GridCell.Empty, GridCell.Number(c.ReportingUnits), expected);
        }

        return grid;
    }

    public static Grid Summary(Rollup rollup)
    {
        var grid = new Grid(2) { Widths = [30, 30] };
        grid.Add(GridCell.Header("项目 / item"), GridCell.Header("值 / value"));
        grid.Add(GridCell.Label("应报单位数 / expected units"), GridCell.Number(rollup.ExpectedUnits));
        grid.Add(GridCell.Label("已汇总单位数 / contributing units"), GridCell.Number(rollup.Contributing.Count));
        grid.Add(GridCell.Label("未计入单位数 / missing units"), GridCell.Number(rollup.Missing.Count));
        grid.Add(GridCell.Label("计入口径 / version policy"), GridCell.FreeText(Labels.Policy(rollup.Policy)));
        grid.Add(GridCell.Label("数据版本 / revision"), GridCell.Number(rollup.Revision));
        return grid;
    }

    public static Grid Contributing(Rollup rollup)
    {
        var grid = new Grid(5) { Widths = [20, 24, 24, 10, 20] };
        grid.Add(
            GridCell.Header("单位代码 / unit id"), GridCell.Header("单位名称 / unit"), GridCell.Header("来源 / source"),
            GridCell.Header("版本 / version"), GridCell.Header("审核状态 / review"));
        foreach (var u in rollup.Contributing)
        {
            grid.Add(
                GridCell.FreeText(u.UnitId), GridCell.FreeText(u.UnitName), GridCell.FreeText(Labels.Source(u.Source)),
                GridCell.Number(u.Version), GridCell.FreeText(Labels.Review(u.ReviewState)));
        }

        return grid;
    }

    public static Grid Missing(Rollup rollup)
    {
        var grid = new Grid(3) { Widths = [20, 24, 24] };
        grid.Add(GridCell.Header("单位代码 / unit id"), GridCell.Header("单位名称 / unit"), GridCell.Header("原因 / reason"));
        foreach (var u in rollup.Missing)
        {
            grid.Add(GridCell.FreeText(u.UnitId), GridCell.FreeText(u.UnitName), GridCell.FreeText(Labels.MissingReason(u.Reason)));
        }

        return grid;
    }

    public static Grid Findings(Rollup rollup)
    {
        var grid = new Grid(8) { Widths = [18, 14, 18, 40, 12, 12, 50, 50] };
        grid.Add(
            GridCell.Header("规则 / rule"), GridCell.Header("严重程度 / severity"), GridCell.Header("结果 / outcome"),
            GridCell.Header("单元格 / cells"), GridCell.Header("报告值 / reported"), GridCell.Header("计算值 / computed"),
            GridCell.Header("说明"), GridCell.Header("message"));
        foreach (var f in rollup.Findings)
        {
            grid.Add(
                GridCell.FreeText(f.RuleId), GridCell.FreeText(Labels.Severity(f.Severity)), GridCell.FreeText(Labels.Kind(f.Kind)),
                GridCell.FreeText(string.Join(' ', f.Cells)), ValueText(f.Reported), ValueText(f.Computed),
                GridCell.FreeText(f.MessageZh), GridCell.FreeText(f.MessageEn));
        }

        return grid;
    }

    public static Grid Indicators(Rollup rollup)
    {
        var grid = new Grid(4) { Widths = [34, 30, 14, 40] };
        grid.Add(GridCell.Header("指标 / indicator"), GridCell.Header("名称"), GridCell.Header("值 / value"), GridCell.Header("name"));
        foreach (var i in rollup.Indicators)
        {
            grid.Add(GridCell.FreeText(i.Id), GridCell.FreeText(i.LabelZh), GridCell.Decimal(i.Value), GridCell.FreeText(i.LabelEn));
        }

        return grid;
    }

    /// <summary>A finding's value: a number when it is an exact decimal, else the text as given.</summary>
    private static GridCell ValueText(string value) =>
        ExactDecimal.TryParse(value, out var v) ? GridCell.Number(v) : GridCell.FreeText(value);
}
