using System.Globalization;
using Aggregator.Domain;

namespace Aggregator.Export.Internal;

/// <summary>The visible sheets of the XLSX template, as export sections (inputs marked by <see cref="GridCell.Input"/>).</summary>
internal static class TemplateSections
{
    public static ExportDocument Build(AnnualReport report, string unitName)
    {
        var year = report.Year.Value.ToString(CultureInfo.InvariantCulture);
        var title = $"{unitName}{year}年政府信息公开工作年度报告(填报模板)";
        return new ExportDocument(title,
        [
            new ExportSection(title, TemplateWorkbook.CoverSheet, Cover(report, unitName)),
            new ExportSection(ReportText.Heading1, TemplateWorkbook.OverviewSheet, Narrative(report, ReportText.Overview, Sections.S1Overview)),
            .. NationalTables.Build(report),
            new ExportSection(ReportText.Heading5, TemplateWorkbook.ProblemsSheet, Narrative(report, ReportText.Problems, Sections.S5Problems)),
            new ExportSection(ReportText.Heading6, TemplateWorkbook.OtherSheet, Narrative(report, ReportText.Other, Sections.S6Other)),
        ]);
    }

    private static Grid Cover(AnnualReport report, string unitName)
    {
        var grid = new Grid(2) { Widths = [16, 90] };
        grid.Add(GridCell.Label("填报单位"), GridCell.FreeText(unitName));
        grid.Add(GridCell.Label(TemplateWorkbook.UnitIdKey), GridCell.FreeText(report.Unit.Value));
        grid.Add(GridCell.Label(TemplateWorkbook.YearKey), GridCell.FreeText(report.Year.ToString()));
        grid.Add(GridCell.Label(TemplateWorkbook.FormatKey), GridCell.FreeText(TemplateWorkbook.FormatText(report.Format) + " 版全国统一格式"));
        grid.Add(GridCell.Label("填写说明"), GridCell.FreeText("浅黄色单元格为填报单元格,其余单元格受保护。"));
        grid.Add(GridCell.Empty, GridCell.FreeText("数量填不小于 0 的整数;未发生的填 0;不掌握、不适用的留空(视为未填报,不同于 0)。"));
        grid.Add(GridCell.Empty, GridCell.FreeText("行政事业性收费以万元为单位,最多 6 位小数;信息处理费以元为单位,最多 2 位小数。"));
        grid.Add(GridCell.Empty, GridCell.FreeText("「" + TemplateWorkbook.ChecksSheet + "」表按全国格式的勾稽关系自动核对已填数据。"));
        grid.Add(GridCell.Empty, GridCell.FreeText("填好后用 aggregator validate 文件.xlsx 校验,aggregator submit 文件.xlsx 报送。请勿修改或删除工作表。"));
        return grid;
    }

    /// <summary>A narrative sheet: each part's label and its text cell, then the section's structured figures.</summary>
    private static Grid Narrative(AnnualReport report, IReadOnlyList<ReportText.Part> parts, Sections section)
    {
        var grid = new Grid(2) { Widths = [36, 90] };
        foreach (var part in parts)
        {
            grid.Add(GridCell.Label(ReportText.TemplateLabel(part)), GridCell.Narrative(part.Field, part.Text(report.Narratives)));
        }

        foreach (var cell in ReportText.Figures(section, report.Format))
        {
            grid.Add(GridCell.Label(cell.LabelZh), GridCell.Figure(report, cell.Id));
        }

        return grid;
    }
}
