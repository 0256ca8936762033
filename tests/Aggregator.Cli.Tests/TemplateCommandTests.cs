using System.Text.Json;
using Aggregator.Export;
using Aggregator.Testing;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Aggregator.Cli.Tests;

/// <summary><c>template</c>, and a filled template back through <c>validate</c> and <c>import</c>.</summary>
public sealed class TemplateCommandTests
{
    [Fact]
    public async Task Template_then_validate_the_filled_workbook_reports_the_rule_on_its_cells()
    {
        using var dir = new TempDir();
        var path = dir.File("dongbao.xlsx");

        var made = await new CliRunner().RunAsync("template", "--unit", "420802", "--year", "2021", "--name", "东宝区", "-o", path, "--lang", "en");
        Fill(path, new Dictionary<string, string>
        {
            ["s4.reconsideration.upheld"] = "3",
            ["s4.reconsideration.corrected"] = "1",
            ["s4.reconsideration.other"] = "0",
            ["s4.reconsideration.pending"] = "0",
            ["s4.reconsideration.total"] = "5",
        });
        var validated = await new CliRunner().RunAsync("validate", path, "--lang", "en");

        Assert.True(made.ExitCode == ExitCodes.Ok, made.ToString());
        Assert.True(validated.ExitCode == ExitCodes.Rejected, validated.ToString());
        Assert.Contains("unit 420802, year 2021", validated.Out, StringComparison.Ordinal);
        Assert.Contains("A4.group_total", validated.Out, StringComparison.Ordinal);
        Assert.Contains("s4.reconsideration.total", validated.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_of_a_filled_template_prints_the_report_of_the_templates_unit_and_year()
    {
        using var dir = new TempDir();
        var path = dir.File("template-420802-2021.xlsx");
        File.WriteAllBytes(path, TemplateWorkbook.Create("420802", 2021).Content);
        Fill(path, new Dictionary<string, string> { ["s2.administrative_fees.amount"] = "7.522", ["s5.problems"] = "人员不足" });

        var imported = await new CliRunner().RunAsync("import", path, "--lang", "en");
        var otherUnit = await new CliRunner().RunAsync("import", path, "--unit", "420804", "--lang", "en");

        Assert.True(imported.ExitCode == ExitCodes.Ok, imported.ToString());
        using var json = JsonDocument.Parse(imported.RawOut);
        Assert.Equal("420802", json.RootElement.GetProperty("unitId").GetString());
        Assert.Equal(2021, json.RootElement.GetProperty("year").GetInt32());
        Assert.Equal("7.522", json.RootElement.GetProperty("proactiveDisclosure").GetProperty("administrativeFeesAmount").GetProperty("value").GetString());
        Assert.Equal("人员不足", json.RootElement.GetProperty("problems").GetProperty("problems").GetString());
        Assert.True(otherUnit.ExitCode == ExitCodes.Unparseable, otherUnit.ToString());
        Assert.Contains("template of 420802 2021", otherUnit.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Types values into the inputs the template's hidden sheet lists, as a district would in Excel.</summary>
    private static void Fill(string path, IReadOnlyDictionary<string, string> values)
    {
        using var package = SpreadsheetDocument.Open(path, true);
        var workbook = package.WorkbookPart!;
        var strings = workbook.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray();
        WorksheetPart Sheet(string name) => (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name).Id!);
        string Text(Cell c) => c.DataType?.Value == CellValues.SharedString ? strings[int.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)] : c.CellValue?.Text ?? "";

        var inputs = Sheet(TemplateWorkbook.MetaSheet).Worksheet.Descendants<Row>()
            .Select(r => r.Elements<Cell>().Select(Text).ToArray())
            .Where(r => r.Length == 3)
            .ToDictionary(r => r[0], r => (Sheet: r[1], Reference: r[2]));
        foreach (var (field, value) in values)
        {
            var (sheet, reference) = inputs[field];
            var cell = Sheet(sheet).Worksheet.Descendants<Cell>().Single(c => c.CellReference == reference);
            if (decimal.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                cell.CellValue = new CellValue(value);
            }
            else
            {
                cell.DataType = CellValues.InlineString;
                cell.InlineString = new InlineString(new Text(value));
            }
        }
    }
}
