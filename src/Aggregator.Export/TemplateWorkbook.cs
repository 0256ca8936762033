using System.Collections.Immutable;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Cells;
using Aggregator.Export.Internal;

namespace Aggregator.Export;

/// <summary>
/// The XLSX template a city hands out (填报模板): one unit's blank report for one year in the
/// national layout, read back by <c>ReportImporter.ImportXlsx</c>.
/// </summary>
/// <remarks>
/// <para>Sheets: 封面 (unit, year, format, instructions), 一 总体情况, 二/三/四 (the national tables,
/// as <see cref="Exporter"/> lays them out), 五 问题改进, 六 其他事项, 勾稽校验 (one row per consistency rule
/// of <see cref="Aggregator.Domain.Rules.RuleCatalog"/> that can be checked within the year, as formulas),
/// and the hidden <see cref="MetaSheet"/>.</para>
/// <para>Every input cell is unlocked, shaded and validated (counts: whole numbers 0..10^12; signed counts:
/// whole numbers; money: ≥ 0 with at most 6 decimals in 万元, 2 in 元); every other cell is protected
/// (no password: protection guards against slips, not people).</para>
/// <para>The hidden <see cref="MetaSheet"/> holds the unit id, year, format and template version (also as
/// the defined names <see cref="UnitIdName"/>, <see cref="YearName"/>, <see cref="FormatName"/>) and, under
/// the header <see cref="FieldsHeader"/>, one row per input: field (cell path or narrative id), sheet,
/// cell reference. The importer reads the inputs through that list, so the layout is defined here only.</para>
/// </remarks>
public static class TemplateWorkbook
{
    public const int Version = 1;

    public const string MetaSheet = "模板信息";
    public const string ChecksSheet = "勾稽校验";
    public const string CoverSheet = "封面";
    public const string OverviewSheet = "一 总体情况";
    public const string ProblemsSheet = "五 问题改进";
    public const string OtherSheet = "六 其他事项";

    /// <summary>Column A labels of the meta sheet's key rows (the value is in column B).</summary>
    public const string UnitIdKey = "单位代码";
    public const string YearKey = "报告年度";
    public const string FormatKey = "报表格式";
    public const string VersionKey = "模板版本";
    public const string UnitNameKey = "单位名称";

    /// <summary>Column A of the header row above the list of inputs (字段 | 工作表 | 单元格).</summary>
    public const string FieldsHeader = "字段";

    public const string UnitIdName = "Aggregator_UnitId";
    public const string YearName = "Aggregator_Year";
    public const string FormatName = "Aggregator_Format";

    /// <summary>Creates the blank template of a unit and year (the format is the year's: 2019 up to 2020, else 2021).</summary>
    /// <param name="unitName">The unit's display name for the cover and title; the id when null.</param>
    /// <exception cref="ArgumentException">Invalid unit id or year.</exception>
    public static ExportedFile Create(string unitId, int year, string? unitName = null)
    {
        if (!UnitId.IsValid(unitId))
        {
            throw new ArgumentException($"'{unitId}' is not a valid unit id.", nameof(unitId));
        }

        if (!ReportYear.IsValid(year))
        {
            throw new ArgumentException($"The year must be within {ReportYear.Min}..{ReportYear.Max}, not {year}.", nameof(year));
        }

        var reportYear = new ReportYear(year);
        var blank = new AnnualReport(new UnitId(unitId), reportYear, reportYear.DefaultFormat, Sections.None, Figures.Empty, Narratives.Empty, ImmutableArray<Aggregator.Domain.DisclosureCategory>.Empty);
        var name = string.IsNullOrWhiteSpace(unitName) ? unitId : unitName.Trim();
        var document = TemplateSections.Build(blank, name);
        var template = new XlsxTemplate(blank, name);
        var fileName = FileNames.Build("template", unitId, name, year, null, ExportFormat.Xlsx);
        return new ExportedFile(XlsxWriter.Write(document, template), XlsxWriter.ContentType, fileName);
    }

    /// <summary>"2019" or "2021", as the meta sheet writes the format.</summary>
    public static string FormatText(ReportFormat format) => format == ReportFormat.V2019 ? "2019" : "2021";

    /// <summary>Whether a cell path or narrative field is an input of the template of a format.</summary>
    internal static bool IsNumericInput(string path, ReportFormat format, out CellDefinition cell) => CellCatalog.TryFind(path, format, out cell);
}
