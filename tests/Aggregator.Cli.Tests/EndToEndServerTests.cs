using System.Text.RegularExpressions;
using Aggregator.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>The online commands against the real server hosted in-process.</summary>
public sealed partial class EndToEndServerTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string District = "jingmen-zhanghe";
    private const string City = "4208";

    private CliRunner Runner(string? token = null) => server.Runner(token);

    private Task<string> TokenAsync(string unit, string role) => server.TokenAsync(unit, role);

    [Fact]
    public async Task TokenSubmitRollupStatus_TheFixtureReachesTheCityRollup()
    {
        using var dir = new TempDir();
        File.Copy(TestFiles.Zhanghe2021, dir.File($"{District}-2021.txt"));
        var districtToken = await TokenAsync(District, "district");
        var cityToken = await TokenAsync(City, "city");

        var first = await Runner(districtToken).RunAsync("submit", dir.Path);
        Assert.True(first.ExitCode == ExitCodes.Ok, first.ToString());
        Assert.Contains("accepted 1, replayed 0, rejected 0", first.Out);

        // Same content again: the idempotency key makes it a replay, nothing stored twice.
        var again = await Runner(districtToken).RunAsync("submit", dir.File($"{District}-2021.txt"));
        Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
        Assert.Contains("accepted 0, replayed 1, rejected 0", again.Out);

        var rollup = await Runner(cityToken).RunAsync("rollup", "--unit", City, "--year", "2021");
        Assert.True(rollup.ExitCode == ExitCodes.Ok, rollup.ToString());
        Assert.Contains("3949", rollup.Out);
        Assert.Contains("7.522", rollup.Out);
        Assert.Contains(District, rollup.Out);

        var status = await Runner(cityToken).RunAsync("status", "--unit", City, "--year", "2021");
        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.Matches(UnitLine(), status.Out);

        var compare = await Runner(cityToken).RunAsync("compare", "--unit", City, "--year", "2021", "--metric", "s2.administrative_licensing.decisions");
        Assert.True(compare.ExitCode == ExitCodes.Ok, compare.ToString());
        Assert.Contains("3949", compare.Out);

        var exported = dir.File("rollup.md");
        var export = await Runner(cityToken).RunAsync("export", "rollup", "--unit", City, "--year", "2021", "--format", "md", "--out", exported);
        Assert.True(export.ExitCode == ExitCodes.Ok, export.ToString());
        Assert.Contains("3949", File.ReadAllText(exported));

        // watch: the first update is rendered, Ctrl+C (cancellation) ends it with exit 0.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var watch = await Runner(cityToken).RunAsync(["watch", "status", "--unit", City, "--year", "2021"], cts.Token);
        Assert.True(watch.ExitCode == ExitCodes.Ok, watch.ToString());
        Assert.Contains("jingmen-zhanghe", watch.Out);
    }

    [Fact]
    public async Task Submit_BrokenReport_IsRejectedWithEveryErrorAndExitsOne()
    {
        using var dir = new TempDir();
        var text = File.ReadAllText(TestFiles.Zhanghe2021).Replace(
            "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |",
            "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 5 |",
            StringComparison.Ordinal);
        File.WriteAllText(dir.File("420802-2021.txt"), text);
        var token = await TokenAsync("420802", "district");

        var result = await Runner(token).RunAsync("submit", dir.Path);

        Assert.True(result.ExitCode == ExitCodes.Rejected, result.ToString());
        Assert.Contains("A3.row_total", result.Out);
        Assert.Contains("rejected 1", result.Out);
    }

    [Fact]
    public async Task Submit_WithoutToken_ExitsFour()
    {
        var result = await Runner().RunAsync("submit", TestFiles.Zhanghe2021, "--unit", District, "--year", "2021");

        Assert.True(result.ExitCode == ExitCodes.Auth, result.ToString());
        Assert.Contains("Not authenticated", result.Error);
    }

    [Fact]
    public async Task Submit_ForAnotherUnit_ExitsWithARejection()
    {
        var token = await TokenAsync("420804", "district");

        var result = await Runner(token).RunAsync("submit", TestFiles.Zhanghe2021, "--unit", "420881", "--year", "2021");

        Assert.NotEqual(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("420881", result.Out);
    }

    [Fact]
    public async Task Audit_ListOwnEntries_OtherUnitRefused_CityVerifiesIntact_ZhAndJson()
    {
        var token = await TokenAsync("420822", "district");
        var cityToken = await TokenAsync(City, "city");
        var submitted = await Runner(token).RunAsync("submit", TestFiles.Zhanghe2021, "--unit", "420822", "--year", "2021");
        Assert.True(submitted.ExitCode == ExitCodes.Ok, submitted.ToString());

        var list = await Runner(token).RunAsync("audit", "list", "--unit", "420822", "--year", "2021");
        var zh = await Runner(token).RunAsync("audit", "list", "--unit", "420822", "--year", "2021", "--lang", "zh");
        var json = await Runner(token).RunAsync("audit", "list", "--unit", "420822", "--year", "2021", "--output", "json");
        var other = await Runner(token).RunAsync("audit", "list", "--unit", "420881", "--year", "2021");
        var verify = await Runner(cityToken).RunAsync("audit", "verify", "--unit", City, "--year", "2021");
        var districtVerify = await Runner(token).RunAsync("audit", "verify", "--unit", "420822", "--year", "2021");

        Assert.True(list.ExitCode == ExitCodes.Ok, list.ToString());
        Assert.Contains("submit", list.Out);
        Assert.Contains("420822:district", list.Out);
        Assert.Contains("127.0.0.1", list.Out);
        Assert.True(zh.ExitCode == ExitCodes.Ok, zh.ToString());
        Assert.Contains("报送", zh.Out);
        Assert.Contains("审计记录", zh.Out);
        Assert.Contains("\"action\": \"AUDIT_ACTION_SUBMIT\"", json.RawOut);
        Assert.Contains("\"unit_id\": \"420822\"", json.RawOut);
        Assert.DoesNotContain("\"unit_id\": \"420881\"", json.RawOut);
        Assert.Equal(ExitCodes.Auth, other.ExitCode);
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.ToString());
        Assert.Contains("Intact", verify.Out);
        Assert.Equal(ExitCodes.Auth, districtVerify.ExitCode);
    }

    [GeneratedRegex(@"漳河新区.*jingmen-zhanghe")]
    private static partial Regex UnitLine();
}

/// <summary>Backfill against its own server, so published records do not change the other tests' rollups.</summary>
public sealed class BackfillEndToEndTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string City = "4208";

    private CliRunner Runner(string? token = null) => server.Runner(token);

    private Task<string> TokenAsync(string unit, string role) => server.TokenAsync(unit, role);

    [Fact]
    public async Task Backfill_ParsedLocally_ImportsOnceThenReplays()
    {
        using var dir = new TempDir();
        File.Copy(TestFiles.Zhanghe2021, dir.File("420881-2021.txt"));
        File.WriteAllText(dir.File("420882-2021.txt"), "not a report");
        var token = await TokenAsync(City, "city");

        var first = await Runner(token).RunAsync("backfill", dir.Path, "--parse-locally");
        var second = await Runner(token).RunAsync("backfill", dir.File("420881-2021.txt"), "--parse-locally");

        Assert.True(first.ExitCode == ExitCodes.Unparseable, first.ToString());
        Assert.Contains("imported 1, replayed 0, unparseable 1", first.Out);
        Assert.Contains("N1", first.Out);
        Assert.True(second.ExitCode == ExitCodes.Ok, second.ToString());
        Assert.Contains("imported 0, replayed 1", second.Out);
    }
}
