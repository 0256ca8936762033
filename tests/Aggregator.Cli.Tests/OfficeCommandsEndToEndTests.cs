using System.Text;
using System.Text.Json;
using Aggregator.Testing;
using DocumentFormat.OpenXml.Packaging;

namespace Aggregator.Cli.Tests;

/// <summary>
/// The city office's calls without gRPC tooling: versions with what changed, review accept/return,
/// the year summary, <c>--output json</c> and the status export (to a file and to standard output).
/// Its own server, so its submissions do not change the other classes' rollups.
/// </summary>
public sealed class OfficeCommandsEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string District = "jingmen-zhanghe";
    private const string City = "4208";

    [Fact]
    public async Task VersionsReviewSummaryStatus_TheWholeOfficeDay()
    {
        using var dir = new TempDir();
        var v1 = dir.File("v1.txt");
        var v2 = dir.File("v2.txt");
        File.Copy(TestFiles.Zhanghe2021, v1);
        File.WriteAllText(v2, File.ReadAllText(TestFiles.Zhanghe2021).Replace("行政许可 | 3949 |", "行政许可 | 3950 |", StringComparison.Ordinal));
        var district = server.Runner(await server.TokenAsync(District, "district"));
        var city = server.Runner(await server.TokenAsync(City, "city"));
        foreach (var file in new[] { v1, v2 })
        {
            var submit = await district.RunAsync("submit", file, "--unit", District, "--year", "2021");
            Assert.True(submit.ExitCode == ExitCodes.Ok, submit.ToString());
        }

        // versions: both versions, and the one cell that changed between them.
        var versions = await city.RunAsync("versions", "--unit", District, "--year", "2021");
        Assert.True(versions.ExitCode == ExitCodes.Ok, versions.ToString());
        Assert.Contains("s2.administrative_licensing.decisions", versions.Out);
        Assert.Contains("v1 → v2 (1)", versions.Out);
        var versionsJson = await city.RunAsync("versions", "--unit", District, "--year", "2021", "--output", "json");
        Assert.True(versionsJson.ExitCode == ExitCodes.Ok, versionsJson.ToString());
        using (var doc = JsonDocument.Parse(versionsJson.RawOut))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("versions").GetProperty("versions").GetArrayLength());
            var change = Assert.Single(doc.RootElement.GetProperty("changes").GetProperty("cells").EnumerateArray());
            Assert.Equal("s2.administrative_licensing.decisions", change.GetProperty("cell").GetString());
            Assert.Equal("3949", change.GetProperty("before").GetString());
            Assert.Equal("3950", change.GetProperty("after").GetString());
        }

        // review: return with a reason (the district sees it), then accept the same latest version.
        var returned = await city.RunAsync("review", "return", "--unit", District, "--year", "2021", "--reason", "表二行政许可数与台账不符");
        Assert.True(returned.ExitCode == ExitCodes.Ok, returned.ToString());
        Assert.Contains("version 2: returned", returned.Out);
        var shown = await district.RunAsync("show", "--unit", District, "--year", "2021", "--output", "json");
        Assert.True(shown.ExitCode == ExitCodes.Ok, shown.ToString());
        using (var doc = JsonDocument.Parse(shown.RawOut))
        {
            Assert.Equal("REVIEW_STATE_RETURNED", doc.RootElement.GetProperty("review_state").GetString());
            Assert.Equal("表二行政许可数与台账不符", doc.RootElement.GetProperty("review_reason").GetString());
        }

        var accepted = await city.RunAsync("review", "accept", "--unit", District, "--year", "2021", "--version", "2");
        Assert.True(accepted.ExitCode == ExitCodes.Ok, accepted.ToString());
        Assert.Contains("version 2: accepted", accepted.Out);
        var stale = await city.RunAsync("review", "accept", "--unit", District, "--year", "2021", "--version", "1");
        Assert.NotEqual(ExitCodes.Ok, stale.ExitCode);

        // summary and the other query commands' JSON.
        var summary = await city.RunAsync("summary", "--unit", City, "--year", "2021");
        Assert.True(summary.ExitCode == ExitCodes.Ok, summary.ToString());
        Assert.Contains("漳河新区", summary.Out);
        Assert.Contains("3950", summary.Out);
        foreach (var args in new[]
        {
            new[] { "summary", "--unit", City, "--year", "2021" },
            ["status", "--unit", City, "--year", "2021"],
            ["rollup", "--unit", City, "--year", "2021"],
            ["compare", "--unit", City, "--year", "2021", "--metric", "s2.administrative_licensing.decisions"],
        })
        {
            var json = await city.RunAsync([.. args, "--output", "json"], CancellationToken.None);
            Assert.True(json.ExitCode == ExitCodes.Ok, json.ToString());
            Assert.Equal("", json.Out);
            using var doc = JsonDocument.Parse(json.RawOut);
            Assert.Contains(District, json.RawOut);
        }

        // status export: every unit is late for 2021 (deadline 2022-03-31); 漳河新区 carries its registry contact.
        var csv = await city.RunAsync("export", "status", "--unit", City, "--year", "2021", "--format", "csv", "-o", "-");
        Assert.True(csv.ExitCode == ExitCodes.Ok, csv.ToString());
        Assert.Equal("", csv.Out);
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(csv.RawBytes);
        Assert.StartsWith("\uFEFF", text);
        Assert.Contains("逾期天数 / days late", text);
        Assert.Contains("漳河新区党政办公室(示例)", text);
        var missingDays = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).DayNumber - new DateOnly(2022, 3, 31).DayNumber;
        Assert.Contains($"420802,东宝区,,未开始 / not started,2022-03-31,{missingDays},", text);

        var xlsx = dir.File("status.xlsx");
        var export = await city.RunAsync("export", "status", "--unit", City, "--year", "2021", "--format", "xlsx", "--out", xlsx);
        Assert.True(export.ExitCode == ExitCodes.Ok, export.ToString());
        using var workbook = SpreadsheetDocument.Open(xlsx, isEditable: false);
        Assert.Equal(["逾期单位", "报送情况"], workbook.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Select(s => s.Name!.Value!));
    }
}
