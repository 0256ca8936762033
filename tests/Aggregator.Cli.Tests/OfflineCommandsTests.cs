using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Aggregator.Contracts.V1;
using Aggregator.Testing;
using Google.Protobuf;

namespace Aggregator.Cli.Tests;

/// <summary>The commands that need no server, run in-process for real.</summary>
public sealed class OfflineCommandsTests
{
    private const string BrokenRow = "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |";

    [Fact]
    public async Task Import_Fixture_PrintsContractJsonAndTheN1Warning()
    {
        var result = await new CliRunner().RunAsync("import", TestFiles.Zhanghe2021, "--unit", "jingmen-zhanghe");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var report = JsonParser.Default.Parse<Report>(result.RawOut);
        Assert.Equal("jingmen-zhanghe", report.UnitId);
        Assert.Equal(2021, report.Year);
        Assert.Equal(FormatVersion._2021, report.Format);
        Assert.Equal(3949, report.ProactiveDisclosure.AdministrativeLicensingDecisions);
        Assert.Equal(895, report.ProactiveDisclosure.AdministrativePenaltyDecisions);
        Assert.Equal("7.522", report.ProactiveDisclosure.AdministrativeFeesAmount.Value);
        Assert.Equal(55, report.ProactiveDisclosure.NormativeDocuments.InForce);
        Assert.Contains("N1", result.Error);
        Assert.Contains("4668", result.Error);
        Assert.DoesNotContain("N1", result.RawOut);
    }

    [Fact]
    public async Task Import_WithoutUnitOrYear_InfersThemFromTheFileName()
    {
        using var dir = new TempDir();
        var path = dir.File("jingmen-zhanghe-2021.txt");
        File.Copy(TestFiles.Zhanghe2021, path);

        var result = await new CliRunner().RunAsync("import", path);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var report = JsonParser.Default.Parse<Report>(result.RawOut);
        Assert.Equal("jingmen-zhanghe", report.UnitId);
        Assert.Equal(2021, report.Year);
    }

    [Fact]
    public async Task Import_WithOut_WritesTheFileAndPrintsASummary()
    {
        using var dir = new TempDir();
        var output = dir.File("z.json");

        var result = await new CliRunner().RunAsync("import", TestFiles.Zhanghe2021, "--out", output);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal("", result.RawOut);
        Assert.Contains("z.json", result.Out);
        Assert.Contains("N1", result.Out);
        var report = JsonParser.Default.Parse<Report>(File.ReadAllText(output));
        Assert.Equal("zhanghe", report.UnitId);
        Assert.Equal(3949, report.ProactiveDisclosure.AdministrativeLicensingDecisions);
    }

    [Fact]
    public async Task Import_WithExport_WritesTheNationalTablesLocally()
    {
        using var dir = new TempDir();
        var md = dir.File("z.md");

        var result = await new CliRunner().RunAsync("import", TestFiles.Zhanghe2021, "--out", dir.File("z.json"), "--export", md);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var text = File.ReadAllText(md);
        Assert.Contains("3949", text);
        Assert.Contains("7.522", text);
        Assert.Contains("行政许可", text);
    }

    [Fact]
    public async Task Import_ExportWithUnknownExtension_IsAUsageError()
    {
        var result = await new CliRunner().RunAsync("import", TestFiles.Zhanghe2021, "--export", "z.pdf");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
    }

    [Fact]
    public async Task Import_YearNotInFileName_IsAUsageError()
    {
        using var dir = new TempDir();
        var path = dir.File("report.txt");
        File.Copy(TestFiles.Zhanghe2021, path);

        var result = await new CliRunner().RunAsync("import", path, "--unit", "x");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--year", result.Error);
    }

    [Fact]
    public async Task Validate_Fixture_ExitsZeroWithTheWarning()
    {
        var result = await new CliRunner().RunAsync("validate", TestFiles.Zhanghe2021);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Equal("", result.RawOut);
        Assert.Contains("N1", result.Out);
        Assert.Contains("1 warning", result.Out);
    }

    [Fact]
    public async Task Validate_BrokenReport_ExitsOneAndNamesTheRule()
    {
        using var dir = new TempDir();
        var path = dir.File("broken-2021.txt");
        var text = File.ReadAllText(TestFiles.Zhanghe2021);
        Assert.Contains(BrokenRow, text);
        File.WriteAllText(path, text.Replace(BrokenRow, "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 5 |", StringComparison.Ordinal));

        var result = await new CliRunner().RunAsync("validate", path);

        Assert.True(result.ExitCode == ExitCodes.Rejected, result.ToString());
        Assert.Contains("A3.row_total", result.Out);
        Assert.Contains("s3.new_requests.total", result.Out);
    }

    [Fact]
    public async Task Validate_BrokenReportInChinese_ShowsChineseMessages()
    {
        using var dir = new TempDir();
        var path = dir.File("broken-2021.txt");
        File.WriteAllText(path, File.ReadAllText(TestFiles.Zhanghe2021).Replace(BrokenRow, "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 5 |", StringComparison.Ordinal));

        var result = await new CliRunner().RunAsync("validate", path, "--lang", "zh");

        Assert.True(result.ExitCode == ExitCodes.Rejected, result.ToString());
        Assert.Contains("规则", result.Out);
        Assert.Contains("个错误", result.Out);
    }

    [Fact]
    public async Task Validate_ContractJson_RunsTheSameRules()
    {
        using var dir = new TempDir();
        var json = dir.File("zhanghe-2021.json");
        Assert.Equal(ExitCodes.Ok, (await new CliRunner().RunAsync("import", TestFiles.Zhanghe2021, "--out", json)).ExitCode);

        var result = await new CliRunner().RunAsync("validate", json);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("N1", result.Out);
    }

    [Fact]
    public async Task Validate_UnparseableFile_ExitsSixWithTheErrorTable()
    {
        using var dir = new TempDir();
        var path = dir.File("nonsense-2021.txt");
        File.WriteAllText(path, "hello\nthis is not an annual report\n");

        var result = await new CliRunner().RunAsync("validate", path);

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("Section", result.Out);
        Assert.Contains("Expected", result.Out);
    }

    [Fact]
    public async Task Import_UnparseableFile_ExitsSix()
    {
        using var dir = new TempDir();
        var path = dir.File("nonsense-2021.html");
        File.WriteAllText(path, "<html><body><p>nothing here</p></body></html>");

        var result = await new CliRunner().RunAsync("import", path, "--unit", "x");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Equal("", result.RawOut);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsSix()
    {
        var result = await new CliRunner().RunAsync("validate", "/nonexistent/zhanghe-2021.txt");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("No such file", result.Error);
    }

    [Fact]
    public async Task Validate_InvalidJson_ExitsSix()
    {
        using var dir = new TempDir();
        var path = dir.File("x-2021.json");
        File.WriteAllText(path, "{ \"unitId\": ");

        var result = await new CliRunner().RunAsync("validate", path);

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
    }

    [Fact]
    public async Task Token_PrintsOnlyAJwtWithTheUnitClaim()
    {
        using var dir = new TempDir();
        var key = dir.File("signing-key");

        var result = await new CliRunner().RunAsync("token", "--unit", "jingmen-zhanghe", "--role", "district", "--key", key, "--days", "7");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        var token = result.RawOut.TrimEnd('\r', '\n');
        Assert.DoesNotContain('\n', token);
        var parts = token.Split('.');
        Assert.Equal(3, parts.Length);
        using var payload = JsonDocument.Parse(Base64UrlDecode(parts[1]));
        Assert.Equal("jingmen-zhanghe", payload.RootElement.GetProperty("unit").GetString());
        Assert.Equal("district", payload.RootElement.GetProperty("role").GetString());
        var lifetime = payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64();
        Assert.Equal(7 * 86400, lifetime);
        Assert.True(File.Exists(key));
        Assert.Contains("signing key", result.Error);
    }

    [Fact]
    public async Task Token_KeyFromEnvironment_IsReusedAcrossRuns()
    {
        using var dir = new TempDir();
        var runner = new CliRunner();
        runner.Environment["AGGREGATOR_SIGNING_KEY"] = dir.File("k");

        var first = await runner.RunAsync("token", "--unit", "4208", "--role", "city");
        var second = await runner.RunAsync("token", "--unit", "4208", "--role", "city");

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Equal("", second.Error);
        Assert.True(File.Exists(dir.File("k")));
    }

    [Fact]
    public async Task Token_Link_PrintsTheConsoleSignInLinkWithTheTokenInTheFragment()
    {
        using var dir = new TempDir();
        var runner = new CliRunner();
        runner.Environment["AGGREGATOR_SIGNING_KEY"] = dir.File("k");
        runner.Environment["AGGREGATOR_WEB"] = "http://console.example:8088/";

        var fromEnv = await runner.RunAsync("token", "--unit", "4208", "--role", "city", "--link");
        var fromOption = await runner.RunAsync("token", "--unit", "4208", "--role", "city", "--link", "--web", "http://10.0.0.5:5080");
        var bad = await runner.RunAsync("token", "--unit", "4208", "--role", "city", "--link", "--web", "not a url");

        Assert.True(fromEnv.ExitCode == ExitCodes.Ok, fromEnv.ToString());
        var link = fromEnv.RawOut.TrimEnd('\r', '\n');
        Assert.StartsWith("http://console.example:8088/#/signin?token=", link, StringComparison.Ordinal);
        var token = Uri.UnescapeDataString(link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..]);
        using var payload = JsonDocument.Parse(Base64UrlDecode(token.Split('.')[1]));
        Assert.Equal("4208", payload.RootElement.GetProperty("unit").GetString());
        Assert.StartsWith("http://10.0.0.5:5080/#/signin?token=ey", fromOption.RawOut, StringComparison.Ordinal);
        Assert.True(bad.ExitCode == ExitCodes.Usage, bad.ToString());
        Assert.Contains("--web", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_UnknownRole_IsAUsageError()
    {
        var result = await new CliRunner().RunAsync("token", "--unit", "4208", "--role", "mayor");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
    }

    [Fact]
    public async Task Token_LongerThanTheServersDefaultMaximum_IsAUsageError()
    {
        using var dir = new TempDir();
        var result = await new CliRunner().RunAsync("token", "--unit", "4208", "--role", "city", "--key", dir.File("k"), "--days", "401");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("1..400", result.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("15m", 15 * 60)]
    [InlineData("8h", 8 * 3600)]
    [InlineData("1d12h", 36 * 3600)]
    [InlineData("2d", 2 * 86400)]
    public async Task Token_Lifetime_ShortLivedToken(string lifetime, long seconds)
    {
        using var dir = new TempDir();

        var result = await new CliRunner().RunAsync("token", "--unit", "4208", "--role", "city", "--key", dir.File("k"), "--lifetime", lifetime);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        using var payload = JsonDocument.Parse(Base64UrlDecode(result.RawOut.Trim().Split('.')[1]));
        Assert.Equal(seconds, payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64());
    }

    [Theory]
    [InlineData("soon", "must be a duration")]
    [InlineData("30s", "within 1 minute")]
    [InlineData("401d", "within 1 minute..400 days")]
    [InlineData("5m2d", "must be a duration")]
    public async Task Token_BadLifetime_IsAUsageErrorNamingTheOption(string lifetime, string expected)
    {
        using var dir = new TempDir();

        var result = await new CliRunner().RunAsync("token", "--unit", "4208", "--role", "city", "--key", dir.File("k"), "--lifetime", lifetime);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("--lifetime", result.All, StringComparison.Ordinal);
        Assert.Contains(expected, result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_DaysAndLifetime_IsAUsageError()
    {
        using var dir = new TempDir();

        var result = await new CliRunner().RunAsync("token", "--unit", "4208", "--role", "city", "--key", dir.File("k"), "--days", "3", "--lifetime", "1h");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("not both", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_AddRetireRevoke_OnALegacyKeyFile_TokensCarryTheSigningKid()
    {
        using var dir = new TempDir();
        var key = dir.File("signing-key");
        var runner = new CliRunner();
        await runner.RunAsync("token", "--unit", "4208", "--role", "city", "--key", key);

        var added = await runner.RunAsync("keys", "add", "--key", key);
        var token = await runner.RunAsync("token", "--unit", "4208", "--role", "city", "--key", key);
        var retired = await runner.RunAsync("keys", "retire", "aggregator", "--key", key);
        var again = await runner.RunAsync("keys", "retire", "aggregator", "--key", key);
        var revoked = await runner.RunAsync("keys", "revoke", "--unit", "420802", "--key", key);
        var unrevokeOther = await runner.RunAsync("keys", "unrevoke", "--unit", "420804", "--key", key);
        var list = await runner.RunAsync("keys", "list", "--key", key);
        var missing = await runner.RunAsync("keys", "list", "--key", dir.File("none"));

        Assert.True(added.ExitCode == ExitCodes.Ok, added.ToString());
        var kid = JsonDocument.Parse(Base64UrlDecode(token.RawOut.Trim().Split('.')[0])).RootElement.GetProperty("kid").GetString();
        Assert.StartsWith("k", kid, StringComparison.Ordinal);
        Assert.NotEqual("aggregator", kid);
        Assert.Contains(kid!, added.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, retired.ExitCode);
        Assert.True(again.ExitCode == ExitCodes.Usage, again.ToString());
        Assert.Contains("already retired", again.All, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, revoked.ExitCode);
        Assert.Equal(ExitCodes.Usage, unrevokeOther.ExitCode);
        Assert.Contains("'420804' is not revoked", unrevokeOther.All, StringComparison.Ordinal);
        Assert.Contains(kid + " ", list.Out, StringComparison.Ordinal);
        Assert.Contains("revoked 420802", list.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Unparseable, missing.ExitCode);
        Assert.Contains("no key file", missing.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("import --help")]
    [InlineData("validate --help")]
    [InlineData("submit --help")]
    [InlineData("backfill --help")]
    [InlineData("status --help")]
    [InlineData("rollup --help")]
    [InlineData("compare --help")]
    [InlineData("watch --help")]
    [InlineData("watch rollup --help")]
    [InlineData("watch status --help")]
    [InlineData("export --help")]
    [InlineData("export rollup --help")]
    [InlineData("export compare --help")]
    [InlineData("export report --help")]
    [InlineData("token --help")]
    [InlineData("keys --help")]
    [InlineData("keys add --help")]
    [InlineData("keys revoke --help")]
    [InlineData("--lang zh --help")]
    [InlineData("rollup --help --lang zh")]
    public async Task Help_EveryCommand_ExitsZeroWithUsage(string args)
    {
        var result = await new CliRunner().RunAsync(args.Split(' '));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("Usage:", result.RawOut);
        Assert.Contains("--server", result.RawOut);
    }

    [Fact]
    public async Task Help_Root_ListsTheExitCodes()
    {
        var result = await new CliRunner().RunAsync("--help");

        foreach (var (code, _, en) in ExitCodes.All)
        {
            Assert.Contains($"{code}  {en}", result.RawOut);
        }
    }

    [Fact]
    public async Task Help_NeverPrintsTheTokenFromTheEnvironment()
    {
        var runner = new CliRunner();
        runner.Environment["AGGREGATOR_TOKEN"] = "secret-token-value";

        var result = await runner.RunAsync("status", "--help");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.DoesNotContain("secret-token-value", result.All);
    }

    [Fact]
    public async Task Help_Chinese_IsInChinese()
    {
        var result = await new CliRunner { Culture = System.Globalization.CultureInfo.GetCultureInfo("zh-CN") }.RunAsync("--help");

        Assert.Contains("退出码", result.RawOut);
    }

    [Theory]
    [InlineData("status --unit 4208 --year 2021 --bogus")]
    [InlineData("--frobnicate")]
    [InlineData("status --unit 4208")]
    [InlineData("rollup --unit 4208 --year 2021 --policy newest")]
    [InlineData("compare --unit 4208 --year 2021")]
    [InlineData("export rollup --unit 4208 --year 2021 --format pdf")]
    [InlineData("validate")]
    [InlineData("nosuchcommand")]
    [InlineData("")]
    public async Task UsageErrors_ExitTwo(string args)
    {
        var result = await new CliRunner().RunAsync(args.Length == 0 ? [] : args.Split(' '));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("error", result.Error);
    }

    [Theory]
    [InlineData("status --unit 4208 --year 2021")]
    [InlineData("rollup --unit 4208 --year 2021")]
    [InlineData("compare --unit 4208 --year 2021 --metric s3.new_requests.total")]
    [InlineData("export rollup --unit 4208 --year 2021 --format csv")]
    [InlineData("watch status --unit 4208 --year 2021")]
    public async Task NothingListening_ExitsThreeWithAClearMessage(string args)
    {
        var port = FreePort();

        var result = await new CliRunner().RunAsync([.. args.Split(' '), "--server", $"http://127.0.0.1:{port}"]);

        Assert.True(result.ExitCode == ExitCodes.Unavailable, result.ToString());
        Assert.Contains("Cannot connect to the server", result.Error);
        Assert.Contains($"127.0.0.1:{port}", result.Error);
    }

    [Fact]
    public async Task NothingListening_FromEnvironment_InChinese_ExitsThree()
    {
        var runner = new CliRunner();
        runner.Environment["AGGREGATOR_SERVER"] = $"127.0.0.1:{FreePort()}";
        runner.Environment["AGGREGATOR_LANG"] = "zh";

        var result = await runner.RunAsync("status", "--unit", "4208", "--year", "2021");

        Assert.True(result.ExitCode == ExitCodes.Unavailable, result.ToString());
        Assert.Contains("无法连接服务器", result.Error);
    }

    [Fact]
    public async Task Submit_NothingListening_ParsesFilesThenExitsThree()
    {
        using var dir = new TempDir();
        File.Copy(TestFiles.Zhanghe2021, dir.File("jingmen-zhanghe-2021.txt"));

        var result = await new CliRunner().RunAsync("submit", dir.Path, "--server", $"http://127.0.0.1:{FreePort()}");

        Assert.True(result.ExitCode == ExitCodes.Unavailable, result.ToString());
    }

    [Fact]
    public async Task Submit_FileWithoutYear_IsAUsageError()
    {
        using var dir = new TempDir();
        File.Copy(TestFiles.Zhanghe2021, dir.File("report.txt"));

        var result = await new CliRunner().RunAsync("submit", dir.File("report.txt"), "--server", $"http://127.0.0.1:{FreePort()}");

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
    }

    [Fact]
    public async Task Backfill_NothingListening_ExitsThree()
    {
        using var dir = new TempDir();
        File.Copy(TestFiles.Zhanghe2021, dir.File("jingmen-zhanghe-2021.txt"));
        File.WriteAllText(dir.File("map.csv"), "path,unit,year\njingmen-zhanghe-2021.txt,jingmen-zhanghe,2021\n");

        var result = await new CliRunner().RunAsync("backfill", "--map", dir.File("map.csv"), "--server", $"http://127.0.0.1:{FreePort()}");

        Assert.True(result.ExitCode == ExitCodes.Unavailable, result.ToString());
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Base64UrlDecode(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        return Encoding.UTF8.GetString(Convert.FromBase64String(s));
    }
}
