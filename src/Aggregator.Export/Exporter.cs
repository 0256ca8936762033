using System.Globalization;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Export.Internal;
using Google.Protobuf;

namespace Aggregator.Export;

/// <summary>
/// Renders a report, a rollup or a comparison as a file. Pure: returns bytes, does no I/O.
/// </summary>
/// <remarks>
/// <para>Reports and rollups lay out tables 二, 三 and 四 as the national format prints them, in the
/// report's format (2019 or 2021): same Chinese labels, same order, merged headings in XLSX. A
/// not-reported cell is blank, never 0; money is written exactly (fees in 万元).</para>
/// <para>Formats: CSV (UTF-8 with BOM, RFC 4180, tables one after another each under its title
/// line); XLSX (one sheet per table, plus 覆盖/单位/检查/指标 for rollups); Markdown (GitHub tables);
/// DOCX (reports and rollups: the whole report in the national layout, six sections, narratives or
/// placeholders, tables as Word tables with merged headings — what a city publishes);
/// JSON (the contract message via <see cref="JsonFormatter"/> with the original proto field names,
/// e.g. <c>unit_id</c>, enums by name, unset fields omitted, indented).</para>
/// </remarks>
public static class Exporter
{
    public const string JsonContentType = "application/json";

    private static readonly JsonFormatter s_json = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithIndentation());

    /// <summary>Exports one unit's report, or a rollup's total, as the national tables.</summary>
    /// <param name="unitName">Display name for the title; the unit id when null.</param>
    /// <exception cref="ArgumentException">The report does not map to the domain (invalid unit, year, format or decimal).</exception>
    public static ExportedFile ExportReport(Report report, ExportFormat format, string? unitName = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var fileName = FileNames.Build("report", report.UnitId, unitName, report.Year, null, format);
        if (format == ExportFormat.Json)
        {
            return Json(report, fileName);
        }

        var domain = ToDomain(report, nameof(report));
        if (format == ExportFormat.Docx)
        {
            return new ExportedFile(WordWriter.Write(ReportTitle(domain, unitName, rollup: false), domain, note: null, rollup: false), WordWriter.ContentType, fileName);
        }

        var document = new ExportDocument(ReportTitle(domain, unitName, rollup: false), [.. NationalTables.Build(domain)]);
        return Render(document, format, fileName);
    }

    /// <summary>
    /// Exports a rollup: its total as the national tables (so a city can publish from it), then
    /// the coverage of each cell, the contributing and missing units, the findings and the indicators.
    /// </summary>
    public static ExportedFile ExportRollup(Rollup rollup, ExportFormat format, string? unitName = null)
    {
        ArgumentNullException.ThrowIfNull(rollup);
        var total = rollup.Total ?? throw new ArgumentException("The rollup has no total.", nameof(rollup));
        var fileName = FileNames.Build("rollup", total.UnitId, unitName, total.Year, null, format);
        if (format == ExportFormat.Json)
        {
            return Json(rollup, fileName);
        }

        var domain = ToDomain(total, nameof(rollup));
        if (format == ExportFormat.Docx)
        {
            var note = $"本报告由 {rollup.ContributingUnits.ToString(CultureInfo.InvariantCulture)} 个单位的报表汇总生成(应报 {rollup.ExpectedUnits.ToString(CultureInfo.InvariantCulture)} 个,未计入 {rollup.MissingUnits.ToString(CultureInfo.InvariantCulture)} 个)";
            return new ExportedFile(WordWriter.Write(ReportTitle(domain, unitName, rollup: true), domain, note, rollup: true), WordWriter.ContentType, fileName);
        }

        var document = new ExportDocument(
            ReportTitle(domain, unitName, rollup: true),
            [.. NationalTables.Build(domain), .. RollupSections.Build(rollup, domain)]);
        return Render(document, format, fileName);
    }

    /// <summary>Exports a comparison as a ranked table with its summary.</summary>
    /// <param name="unitName">Name (or id) of the parent node, for the title and file name.</param>
    /// <param name="year">The year compared, for the file name (the response does not carry it).</param>
    public static ExportedFile ExportComparison(CompareResponse comparison, ExportFormat format, string? unitName = null, int? year = null)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var fileName = FileNames.Build("compare", null, unitName, year, comparison.Metric, format);
        if (format == ExportFormat.Json)
        {
            return Json(comparison, fileName);
        }

        var title = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(unitName))
        {
            title.Append(unitName).Append(' ');
        }

        if (year is { } y)
        {
            title.Append(y.ToString(CultureInfo.InvariantCulture)).Append("年 ");
        }

        title.Append(ComparisonTable.Title(comparison));
        return Render(new ExportDocument(title.ToString(), [.. ComparisonTable.Build(comparison)]), format, fileName);
    }

    /// <summary>
    /// Exports a node's reporting status for chasing late units (催报): the late units first (name,
    /// contact from the registry, status, deadline date, days late), then every unit. CSV or XLSX
    /// (Markdown too); JSON is the contract message.
    /// </summary>
    public static ExportedFile ExportStatus(StatusSummary summary, ExportFormat format, string? unitName = null)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var fileName = FileNames.Build("status", summary.UnitId, unitName, summary.Year, null, format);
        if (format == ExportFormat.Json)
        {
            return Json(summary, fileName);
        }

        var name = string.IsNullOrWhiteSpace(unitName) ? summary.UnitId : unitName;
        return Render(new ExportDocument($"{name} {StatusTable.Title(summary)}", [.. StatusTable.Build(summary)]), format, fileName);
    }

    private static AnnualReport ToDomain(Report report, string parameter)
    {
        var mapped = ReportMapper.ToDomain(report);
        if (mapped.Report is { } domain)
        {
            return domain;
        }

        var reasons = string.Join("; ", mapped.Errors.Select(e => $"{e.RuleId} {string.Join(',', e.Cells)}: {e.MessageEn}"));
        throw new ArgumentException($"The report cannot be exported: {reasons}", parameter);
    }

    private static string ReportTitle(AnnualReport report, string? unitName, bool rollup)
    {
        var name = string.IsNullOrWhiteSpace(unitName) ? report.Unit.Value : unitName;
        return $"{name}{report.Year}年政府信息公开工作年度报告{(rollup ? "(汇总)" : "")}";
    }

    private static ExportedFile Render(ExportDocument document, ExportFormat format, string fileName) => format switch
    {
        ExportFormat.Csv => new ExportedFile(CsvWriter.Write(document), CsvWriter.ContentType, fileName),
        ExportFormat.Xlsx => new ExportedFile(XlsxWriter.Write(document), XlsxWriter.ContentType, fileName),
        ExportFormat.Markdown => new ExportedFile(MarkdownWriter.Write(document), MarkdownWriter.ContentType, fileName),
        ExportFormat.Docx => throw new ArgumentOutOfRangeException(nameof(format), format, "A Word document exports a report or a rollup, not a comparison."),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unsupported export format."),
    };

    private static ExportedFile Json(IMessage message, string fileName) =>
        new(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(s_json.Format(message)), JsonContentType, fileName);
}
