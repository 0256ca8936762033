using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Export;
using Aggregator.Import.Tests.Support;
using Aggregator.Testing;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;


namespace Aggregator.Import.Tests;

/// <summary>
/// The XLSX template both ways: every published sample is filled into its unit's template with the
/// Open XML SDK (as a district would in Excel), imported back and compared cell for cell; then again
/// after LibreOffice Calc has opened and re-saved the filled workbook.
/// </summary>
public sealed class XlsxTemplateTests
{
    public static TheoryData<string> Samples() => [.. SampleNames()];

    /// <summary>
    /// The published samples but the 2021 ones that print 其他处理 as one row (the hybrid some reports
    /// print): the 2021 template lays out its three items, as the national format does.
    /// </summary>
    private static List<string> SampleNames() => [.. DocxImportTests.SampleNames().Where(n => !Hybrid(n))];

    private static bool Hybrid(string name)
    {
        var (report, _) = Expected(name);
        return report.Format == FormatVersion._2021 && report.Requests?.OtherHandlingTotal is not null;
    }

    [Fact]
    public void Only_one_sample_prints_the_2021_table_with_a_single_other_handling_row()
    {
        Assert.Equal(["420881-2021.txt"], DocxImportTests.SampleNames().Where(Hybrid));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Every_sample_filled_into_its_template_imports_cell_exact(string name)
    {
        var (expected, options) = Expected(name);
        var filled = Filled(name);

        using var stream = new MemoryStream(filled);
        var result = ReportImporter.ImportXlsx(stream, options);

        ImportAssert.SameCells(expected, ImportAssert.Succeeded(result));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_filled_template_resaved_by_LibreOffice_imports_cell_exact(string name)
    {
        var (expected, _) = Expected(name);
        var resaved = (await Resaved())[name];

        // Unit and year come from the workbook itself.
        using var stream = new MemoryStream(resaved);
        var result = ReportImporter.ImportXlsx(stream, new ImportOptions("", 0));

        ImportAssert.SameCells(expected, ImportAssert.Succeeded(result));
    }

    [Fact]
    public async Task The_check_sheet_computes_the_rules_in_LibreOffice()
    {
        // 420802-2021 passes every rule of its tables: LibreOffice computes every check to 相符.
        var resaved = (await Resaved())["420802-2021.txt"];

        var results = Column(resaved, TemplateWorkbook.ChecksSheet, "F").Skip(2).ToList();

        Assert.Equal(ChecksFor(ReportFormat.V2021), results.Count);
        Assert.All(results, r => Assert.Equal("相符", r));
    }

    [Fact]
    public void The_template_unlocks_and_validates_exactly_the_inputs_and_protects_every_sheet()
    {
        var template = TemplateWorkbook.Create("420802", 2021, "东宝区");

        using var package = SpreadsheetDocument.Open(new MemoryStream(template.Content), false);
        var workbook = package.WorkbookPart!;
        var formats = workbook.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ToList();
        bool Unlocked(Cell c) => c.StyleIndex is { } s && formats[(int)s.Value].Protection?.Locked?.Value == false;

        var inputs = Inputs(workbook);
        // Every cell of the 2021 format but the single-row 其他处理 variant, which the 2021 layout prints as its three items.
        var figures = CellCatalog.ForFormat(ReportFormat.V2021).Where(c => !c.Path.StartsWith("s3.other_handling.total.", StringComparison.Ordinal)).Select(c => c.Path);
        Assert.Equal(figures.Order(StringComparer.Ordinal), inputs.Keys.Where(k => CellCatalog.TryFind(k, ReportFormat.V2021, out _)).Order(StringComparer.Ordinal));
        Assert.Equal(9, inputs.Keys.Count(k => !CellCatalog.TryFind(k, ReportFormat.V2021, out _)));

        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var worksheet = ((WorksheetPart)workbook.GetPartById(sheet.Id!)).Worksheet;
            Assert.True(worksheet.GetFirstChild<SheetProtection>()?.Sheet?.Value, $"sheet {sheet.Name} is not protected");
            var validated = worksheet.Descendants<DataValidation>().ToDictionary(v => v.SequenceOfReferences!.InnerText!, StringComparer.Ordinal);
            foreach (var cell in worksheet.Descendants<Cell>())
            {
                var input = inputs.Values.Any(i => i.Sheet == sheet.Name && i.Reference == cell.CellReference);
                Assert.Equal(input, Unlocked(cell));
            }

            foreach (var (path, (_, reference)) in inputs.Where(i => i.Value.Sheet == sheet.Name && CellCatalog.TryFind(i.Key, ReportFormat.V2021, out _)))
            {
                var definition = CellCatalog.All.First(c => c.Path == path && c.Formats.Contains(ReportFormat.V2021));
                var validation = validated[reference];
                if (definition.IsMoney)
                {
                    Assert.Equal(DataValidationValues.Custom, validation.Type!.Value);
                    Assert.Contains($"ROUND({reference},{definition.MaxScale})", validation.Formula1!.Text, StringComparison.Ordinal);
                }
                else
                {
                    Assert.Equal(DataValidationValues.Whole, validation.Type!.Value);
                    Assert.Equal("0", validation.Formula1!.Text);
                }
            }
        }

        Assert.Equal(SheetStateValues.Hidden, workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == TemplateWorkbook.MetaSheet).State!.Value);
        Assert.Equal(
            ["封面", "一 总体情况", "二 主动公开", "三 依申请", "四 复议诉讼", "五 问题改进", "六 其他事项", "勾稽校验", "模板信息"],
            workbook.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value!));
        Assert.Contains(workbook.Workbook.DefinedNames!.Elements<DefinedName>(), n => n.Name == TemplateWorkbook.UnitIdName);
    }

    [Fact]
    public void The_check_sheet_has_one_row_per_rule_of_the_year_read_from_the_rule_catalog()
    {
        var template = TemplateWorkbook.Create("420802", 2019);

        var rules = Column(template.Content, TemplateWorkbook.ChecksSheet, "A").Skip(2).ToList();
        var formulas = FormulaColumn(template.Content, TemplateWorkbook.ChecksSheet, "C");

        Assert.Equal(ChecksFor(ReportFormat.V2019), rules.Count);
        Assert.Contains(RuleCatalog.Balance, rules);
        Assert.Contains(RuleCatalog.GroupTotal, rules);
        Assert.DoesNotContain(RuleCatalog.Carry, rules);
        Assert.All(formulas, f => Assert.Contains("'", f, StringComparison.Ordinal));
    }

    [Fact]
    public void A_value_that_is_not_a_figure_is_an_error_naming_the_sheet_the_cell_and_its_path()
    {
        var bytes = TemplateFiller.Fill(TemplateWorkbook.Create("420802", 2021).Content, new Dictionary<string, string>
        {
            ["s3.new_requests.total"] = "十二",
            ["s3.granted.natural_person"] = "2.5",
            ["s4.reconsideration.upheld"] = "3",
        });

        var result = ReportImporter.ImportXlsx(new MemoryStream(bytes), new ImportOptions("", 0));

        Assert.Null(result.Report);
        Assert.Equal(2, result.Errors.Count);
        var text = result.Errors[0];
        Assert.Equal("三", text.Section);
        Assert.Contains("s3.new_requests.total", text.MessageEn, StringComparison.Ordinal);
        Assert.Contains("'三 依申请'!", text.Found, StringComparison.Ordinal);
        Assert.Contains("十二", text.MessageZh, StringComparison.Ordinal);
        Assert.Contains("s3.granted.natural_person", result.Errors[1].MessageEn, StringComparison.Ordinal);
        Assert.Contains("whole number", result.Errors[1].MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_noise_a_spreadsheet_writes_is_rounded_back_to_the_typed_amount_and_count()
    {
        // Excel writes a double's 17 significant digits: what was typed as 5949.088667 may be stored
        // as 5949.0886670000004.
        var bytes = TemplateFiller.Fill(TemplateWorkbook.Create("420802", 2021).Content, new Dictionary<string, string>
        {
            ["s2.administrative_fees.amount"] = "5949.0886670000004",
            ["s2.administrative_licensing.decisions"] = "3949.0000000000005",
        });

        var report = ImportAssert.Succeeded(ReportImporter.ImportXlsx(new MemoryStream(bytes), new ImportOptions("", 0)));

        Assert.Equal("5949.088667", report.ProactiveDisclosure.AdministrativeFeesAmount.Value);
        Assert.Equal(3949, report.ProactiveDisclosure.AdministrativeLicensingDecisions);
    }

    [Fact]
    public void Only_the_sections_filled_are_imported_and_rule_findings_name_the_cells()
    {
        var bytes = TemplateFiller.Fill(TemplateWorkbook.Create("420802", 2021).Content, new Dictionary<string, string>
        {
            ["s4.reconsideration.upheld"] = "3",
            ["s4.reconsideration.corrected"] = "1",
            ["s4.reconsideration.other"] = "0",
            ["s4.reconsideration.pending"] = "0",
            ["s4.reconsideration.total"] = "5",
        });

        var report = ImportAssert.Succeeded(ReportImporter.ImportXlsx(new MemoryStream(bytes), new ImportOptions("420802", 2021)));

        Assert.Equal(Sections.S4Review, ReportMapper.SectionsOf(report));
        var findings = RuleEngine.Evaluate(ReportMapper.ToDomain(report).Report!).Findings;
        var violated = Assert.Single(findings, f => f.Kind == Aggregator.Domain.Rules.FindingKind.Violated && f.IsError);
        Assert.Equal(RuleCatalog.GroupTotal, violated.RuleId);
        Assert.Contains("s4.reconsideration.total", violated.Cells);
    }

    [Fact]
    public void A_template_of_another_unit_or_year_or_a_plain_export_is_refused()
    {
        var bytes = TemplateFiller.Fill(TemplateWorkbook.Create("420802", 2021).Content, new Dictionary<string, string> { ["s4.reconsideration.total"] = "0" });

        var otherUnit = ReportImporter.ImportXlsx(new MemoryStream(bytes), new ImportOptions("420804", 2021));
        var otherYear = ReportImporter.ImportXlsx(new MemoryStream(bytes), new ImportOptions("420802", 2022));
        var export = Exporter.ExportReport(Expected("420802-2021.txt").Report, ExportFormat.Xlsx);
        var plain = ReportImporter.ImportXlsx(new MemoryStream(export.Content), new ImportOptions("420802", 2021));
        var notXlsx = ReportImporter.ImportXlsx(new MemoryStream("not a zip"u8.ToArray()), new ImportOptions("420802", 2021));

        Assert.Contains("420802 2021", ImportAssert.Failed(otherUnit, "document").MessageEn, StringComparison.Ordinal);
        Assert.Contains("420802 2021", ImportAssert.Failed(otherYear, "document").MessageEn, StringComparison.Ordinal);
        Assert.Contains(TemplateWorkbook.MetaSheet, ImportAssert.Failed(plain, "document").MessageEn, StringComparison.Ordinal);
        Assert.Contains("Excel", ImportAssert.Failed(notXlsx, "document").MessageEn, StringComparison.Ordinal);
    }

    /// <summary>The sample's import without the breakdown's categories (the template carries the stated total only).</summary>
    private static (Report Report, ImportOptions Options) Expected(string name)
    {
        var (content, options) = DocxImportTests.Sample(name);
        var imported = ImportAssert.Succeeded(ReportImporter.Import(content, options));
        imported.Overview?.Breakdown?.Categories.Clear();
        var domain = ReportMapper.ToDomain(imported).Report!;
        return (ReportMapper.ToProto(domain), options);
    }

    /// <summary>The sample's figures and narratives typed into its unit's template.</summary>
    private static byte[] Filled(string name)
    {
        var (report, options) = Expected(name);
        var domain = ReportMapper.ToDomain(report).Report!;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (cell, value) in domain.Figures)
        {
            values[cell.Path] = ExactDecimal.Format(value);
        }

        foreach (var (field, text) in domain.Narratives.All())
        {
            if (text.Length > 0)
            {
                values[field] = text;
            }
        }

        return TemplateFiller.Fill(TemplateWorkbook.Create(options.UnitId, options.Year).Content, values);
    }

    private static readonly Lazy<Task<Dictionary<string, byte[]>>> s_resaved = new(async () =>
    {
        var names = SampleNames();
        var outputs = await LibreOffice.ConvertAsync([.. names.Select(Filled)], "xlsx", "xlsx");
        return names.Zip(outputs).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    });

    /// <summary>Every filled template after LibreOffice Calc opened and saved it (one run, cached under artifacts/).</summary>
    private static Task<Dictionary<string, byte[]>> Resaved() => s_resaved.Value;

    private static int ChecksFor(ReportFormat format)
    {
        var inTemplate = CellCatalog.ForFormat(format).Select(c => c.Id).Where(c =>
            format == ReportFormat.V2019 || !c.Path.StartsWith("s3.other_handling.total.", StringComparison.Ordinal)).ToHashSet();
        var blank = new AnnualReport(new UnitId("x"), new ReportYear(format == ReportFormat.V2019 ? 2019 : 2021), format, Sections.All, Figures.Empty, Narratives.Empty, []);
        return RuleCatalog.LinearRules.Count(r => r.Formats.Contains(format) && r.Scope != RuleScope.NeedsPreviousYear &&
            r.Left.Concat(r.Right).All(t => t.Operand switch
            {
                CellOperand c => inTemplate.Contains(c.Cell),
                PartsOrWholeOperand p => p.Parts.All(inTemplate.Contains) || inTemplate.Contains(p.Whole),
                _ => false,
            }));
    }

    /// <summary>The inputs the meta sheet lists: field → (sheet, reference).</summary>
    private static Dictionary<string, (string Sheet, string Reference)> Inputs(WorkbookPart workbook)
    {
        var rows = SheetRows(workbook, TemplateWorkbook.MetaSheet);
        var header = rows.FindIndex(r => r.GetValueOrDefault("A") == TemplateWorkbook.FieldsHeader);
        return rows.Skip(header + 1).ToDictionary(r => r["A"], r => (r["B"], r["C"]), StringComparer.Ordinal);
    }

    private static List<string> Column(byte[] xlsx, string sheet, string column)
    {
        using var package = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        return [.. SheetRows(package.WorkbookPart!, sheet).Select(r => r.GetValueOrDefault(column) ?? "")];
    }

    private static List<string> FormulaColumn(byte[] xlsx, string sheet, string column)
    {
        using var package = SpreadsheetDocument.Open(new MemoryStream(xlsx), false);
        var workbook = package.WorkbookPart!;
        var part = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet).Id!);
        return [.. part.Worksheet.Descendants<Cell>().Where(c => c.CellReference!.Value!.StartsWith(column, StringComparison.Ordinal) && c.CellFormula is not null).Select(c => c.CellFormula!.Text)];
    }

    /// <summary>A sheet's rows as column letter → text (shared, inline and formula strings resolved).</summary>
    private static List<Dictionary<string, string>> SheetRows(WorkbookPart workbook, string sheet)
    {
        var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        var part = (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet).Id!);
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var cell in row.Elements<Cell>())
            {
                var column = new string([.. cell.CellReference!.Value!.TakeWhile(char.IsAsciiLetter)]);
                var value = cell.DataType?.Value == CellValues.SharedString ? strings[int.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture)]
                    : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText
                    : cell.CellValue?.Text;
                if (value is not null)
                {
                    cells[column] = value;
                }
            }

            if (cells.Count > 0)
            {
                rows.Add(cells);
            }
        }

        return rows;
    }
}
