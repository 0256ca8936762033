using Aggregator.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>
/// A check that could not run is visible from submit to show, rollup and status (issue 21), against
/// its own server so that its reports do not change the other classes' rollups.
/// </summary>
public sealed class FindingsEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string City = "4208";
    private const string District = "420802";

    private CliRunner Runner(string? token = null) => server.Runner(token);

    /// <summary>
    /// A copy of the published 420802 report of 2021 with item 3 of 其他处理 not reported and a
    /// column-sum error of 6 (予以公开 6 too low in 自然人 and 总计).
    /// </summary>
    private static string BrokenCopy(TempDir dir)
    {
        var text = File.ReadAllText(TestFiles.Sample("420802-2021.txt"))
            .Replace("3.其他 | 2 | 0 | 0 | ０ |  0  | 0 | 2 | ||", "3.其他 | — | — | — | — | — | — | — | ||", StringComparison.Ordinal)
            .Replace("(一)予以公开 | 26 | 2 | ０ | 0 | 0 |  1  | 29 |", "(一)予以公开 | 20 | 2 | ０ | 0 | 0 |  1  | 23 |", StringComparison.Ordinal);
        var path = dir.File($"{District}-2021.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task ColumnErrorHiddenByAMissingItem_IsNeverAcceptedSilently_AndIsShownEverywhere()
    {
        using var dir = new TempDir();
        var path = BrokenCopy(dir);
        var districtToken = await server.TokenAsync(District, "district");
        var cityToken = await server.TokenAsync(City, "city");

        var submit = await Runner(districtToken).RunAsync("submit", path);
        Assert.True(submit.ExitCode == ExitCodes.Ok, submit.ToString());
        Assert.DoesNotContain("warnings 0", submit.Out);
        Assert.Contains("A.core_not_assessed", submit.Out);
        Assert.Contains("rules not assessable", submit.Out);
        Assert.Contains("s3.other_handling.other.natural_person", submit.Out);

        var show = await Runner(districtToken).RunAsync("show", "--unit", District, "--year", "2021");
        Assert.True(show.ExitCode == ExitCodes.Ok, show.ToString());
        Assert.Contains("Stored findings", show.Out);
        Assert.Contains("Found at", show.Out);
        Assert.Contains("A.core_not_assessed", show.Out);
        Assert.Contains("Rules not assessable", show.Out);
        Assert.Contains("s3.other_handling.other.total", show.Out);
        Assert.Contains("1 warning(s)", show.Out);

        var rollup = await Runner(cityToken).RunAsync("rollup", "--unit", City, "--year", "2021");
        Assert.True(rollup.ExitCode == ExitCodes.Ok, rollup.ToString());
        Assert.Contains("Findings of the contributing units (1)", rollup.Out);
        Assert.Contains("A.core_not_assessed", rollup.Out);
        Assert.Contains("Units whose core checks did not fully run (1)", rollup.Out);

        var status = await Runner(cityToken).RunAsync("status", "--unit", City, "--year", "2021");
        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.Contains("A3.results_total", status.Out);
        Assert.Contains("1 unit(s) have core identities that could not be fully checked", status.Out);

        // A leaf district's rollup is its own report.
        var leaf = await Runner(cityToken).RunAsync("rollup", "--unit", District, "--year", "2021");
        Assert.True(leaf.ExitCode == ExitCodes.Ok, leaf.ToString());
        Assert.Contains("1/1 units counted", leaf.Out);
        Assert.Contains("74", leaf.Out);

        // compare: a row path means its 总计 column; an unknown metric lists the valid ones.
        var compare = await Runner(cityToken).RunAsync("compare", "--unit", City, "--year", "2021", "--metric", "s3.new_requests");
        Assert.True(compare.ExitCode == ExitCodes.Ok, compare.ToString());
        Assert.Contains("s3.new_requests.total", compare.Out);
        Assert.Contains("74", compare.Out);
        var unknown = await Runner(cityToken).RunAsync("compare", "--unit", City, "--year", "2021", "--metric", "s3.no_such_row");
        Assert.NotEqual(ExitCodes.Ok, unknown.ExitCode);
        Assert.Contains("s3.other_handling", unknown.Error + unknown.Out);
        Assert.Contains("disclosure_rate", unknown.Error + unknown.Out);
    }

    [Fact]
    public async Task Validate_NamesTheRulesNotAssessable_NotABareCount()
    {
        using var dir = new TempDir();
        var path = BrokenCopy(dir);

        var result = await Runner().RunAsync("validate", path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("Rules not assessable", result.Out);
        Assert.Contains("A3.results_total", result.Out);
        Assert.Contains("s3.other_handling.other.natural_person", result.Out);
        Assert.Contains("0 error(s), 1 warning(s)", result.Out);
    }

    [Fact]
    public async Task BackfillRefusal_InChinese_HasNoStatusPrefix()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("420881-2021.txt"), "not a report");
        var token = await server.TokenAsync(City, "city");

        var zh = await Runner(token).RunAsync("backfill", dir.Path, "--lang", "zh");
        var en = await Runner(token).RunAsync("backfill", dir.Path, "--lang", "en");

        Assert.True(zh.ExitCode == ExitCodes.Unparseable, zh.ToString());
        Assert.Contains("文档无法", zh.Out);
        Assert.DoesNotContain("InvalidArgument", zh.Out);
        Assert.DoesNotContain("cannot be imported", zh.Out);
        Assert.Contains("The document cannot be imported", en.Out);
        Assert.DoesNotContain("InvalidArgument", en.Out);
    }
}
