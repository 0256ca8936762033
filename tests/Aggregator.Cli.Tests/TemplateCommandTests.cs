using System.Text.Json;
using Aggregator.Export;
using Aggregator.Testing;

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
        File.WriteAllBytes(path, TemplateFiller.Fill(File.ReadAllBytes(path), new Dictionary<string, string>
        {
            ["s4.reconsideration.upheld"] = "3",
            ["s4.reconsideration.corrected"] = "1",
            ["s4.reconsideration.other"] = "0",
            ["s4.reconsideration.pending"] = "0",
            ["s4.reconsideration.total"] = "5",
        }));
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
        File.WriteAllBytes(path, TemplateFiller.Fill(File.ReadAllBytes(path), new Dictionary<string, string> { ["s2.administrative_fees.amount"] = "7.522", ["s5.problems"] = "人员不足" }));

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
}
