using System.Text.RegularExpressions;
using Aggregator.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>
/// With <c>--lang zh</c>, import, validate and backfill of a document with parse problems print no
/// English (issue 21, point 4): notes, column headers, expected/found, messages and the server's
/// refusal reason are Chinese; only ids, cell paths, file paths and format names stay ASCII.
/// </summary>
public sealed partial class ChineseOutputTests(ServerFixture server) : IClassFixture<ServerFixture>
{
    private const string City = "4208";
    private const string District = "420802";

    /// <summary>The published 2021 report with a cell that is not a number and a required row left out.</summary>
    private static string Unparseable(TempDir dir)
    {
        var text = File.ReadAllText(TestFiles.Zhanghe2021);
        var broken = text
            .Replace("一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "一、本年新收政府信息公开申请数量 | 0 | x | 0 | 0 | 0 | 0 | 0 |", StringComparison.Ordinal);
        broken = string.Join('\n', broken.Split('\n').Where(l => !l.StartsWith("四、结转下年度继续办理", StringComparison.Ordinal)));
        Assert.NotEqual(text, broken);
        var path = dir.File($"{District}-2021.txt");
        File.WriteAllText(path, broken);
        return path;
    }

    [Fact]
    public async Task Import_InChinese_WithParseProblems_PrintsNoEnglish()
    {
        using var dir = new TempDir();
        var path = Unparseable(dir);

        var result = await new CliRunner().RunAsync("import", path, "--lang", "zh");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("判定为2021年格式", result.All);
        Assert.Contains("没有该行", result.All);
        Assert.Contains("缺少“四、结转下年度继续办理”行", result.All);
        AssertNoEnglish(result.All, dir.Path);
    }

    [Fact]
    public async Task Validate_InChinese_WithParseProblems_PrintsNoEnglish()
    {
        using var dir = new TempDir();
        var path = Unparseable(dir);

        var result = await new CliRunner().RunAsync("validate", path, "--lang", "zh");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("整数", result.All);
        AssertNoEnglish(result.All, dir.Path);
    }

    [Fact]
    public async Task Backfill_InChinese_WithParseProblems_PrintsNoEnglish_AndSaysExpectedAndFoundOnce()
    {
        using var dir = new TempDir();
        Unparseable(dir);
        var token = await server.TokenAsync(City, "city");

        var result = await server.Runner(token).RunAsync("backfill", dir.Path, "--lang", "zh");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("文档无法导入", result.All);
        Assert.Single(Regex.Matches(result.All, "应为"));
        AssertNoEnglish(result.All, dir.Path);
    }

    [Fact]
    public async Task Backfill_InEnglish_SaysTheSameInEnglish()
    {
        using var dir = new TempDir();
        Unparseable(dir);
        var token = await server.TokenAsync(City, "city");

        var result = await server.Runner(token).RunAsync("backfill", dir.Path, "--lang", "en");

        Assert.True(result.ExitCode == ExitCodes.Unparseable, result.ToString());
        Assert.Contains("The document cannot be imported (2 problem(s))", result.All);
        Assert.Single(Regex.Matches(result.All, "expected: "));
        Assert.DoesNotContain("InvalidArgument", result.All);
    }

    [Fact]
    public async Task Submit_InChinese_ARuleViolation_IsRefusedInChinese()
    {
        using var dir = new TempDir();
        var path = dir.File($"{District}-2021.txt");
        File.WriteAllText(path, File.ReadAllText(TestFiles.Zhanghe2021).Replace(
            "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 5 |", StringComparison.Ordinal));
        var token = await server.TokenAsync(District, "district");

        var result = await server.Runner(token).RunAsync("submit", path, "--lang", "zh");

        Assert.True(result.ExitCode == ExitCodes.Rejected, result.ToString());
        Assert.Contains("A3.row_total", result.All);
        Assert.Contains("拒收", result.All);
        Assert.Contains("总计应等于六类申请人之和", result.All);
        AssertNoEnglish(result.All, dir.Path);
    }

    [Fact]
    public async Task Compare_InChinese_AnUnknownMetric_IsNamedInChinese()
    {
        var token = await server.TokenAsync(City, "city");

        var result = await server.Runner(token).RunAsync("compare", "--unit", City, "--year", "2021", "--metric", "s3.no_such_row", "--lang", "zh");

        Assert.True(result.ExitCode == ExitCodes.Rejected, result.ToString());
        Assert.Contains("未知指标“s3.no_such_row”", result.All);
        Assert.DoesNotContain("Unknown metric", result.All);
        Assert.DoesNotContain("InvalidArgument", result.All);
    }

    /// <summary>
    /// No ASCII word of three or more letters, once the file paths, ids and cell paths
    /// (<c>s3.new_requests.total</c>, <c>A3.balance</c>, <c>jingmen-zhanghe</c>) and a few format
    /// names are taken out.
    /// </summary>
    private static void AssertNoEnglish(string output, string dir)
    {
        var text = output.Replace(dir, "", StringComparison.Ordinal);
        text = Identifier().Replace(text, "");
        var words = EnglishWord().Matches(text).Select(m => m.Value).Where(w => !s_allowed.Contains(w)).Distinct().ToList();
        Assert.True(words.Count == 0, "English in the Chinese output: " + string.Join(", ", words) + "\n" + output);
    }

    private static readonly HashSet<string> s_allowed = ["HTML", "JSON", "UTF", "Word", "docx", "txt"];

    [GeneratedRegex(@"[A-Za-z0-9_]+(?:[.@\-][A-Za-z0-9_\[\]]+)+")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<![A-Za-z])[A-Za-z]{3,}(?![A-Za-z])")]
    private static partial Regex EnglishWord();
}
