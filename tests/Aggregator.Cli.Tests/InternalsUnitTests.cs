using System.Globalization;
using Aggregator.Cli.Commands;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Grpc.Core;
using Spectre.Console.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>File naming, mapping files, language choice and error mapping.</summary>
public sealed class InternalsUnitTests
{
    [Theory]
    [InlineData("zhanghe-2021.txt", "zhanghe", 2021)]
    [InlineData("/a/b/jingmen-zhanghe-2020.html", "jingmen-zhanghe", 2020)]
    [InlineData("420802-2019.json", "420802", 2019)]
    [InlineData("report 2021.txt", null, 2021)]
    [InlineData("report.txt", null, null)]
    public void InferFromName_UnitAndYear(string path, string? unit, int? year)
    {
        var (u, y) = ReportFiles.InferFromName(path);

        Assert.Equal(unit, u);
        Assert.Equal(year, y);
    }

    [Fact]
    public void ReadMap_ResolvesRelativePathsAgainstTheMapFile()
    {
        using var dir = new TempDir();
        var map = dir.File("map.csv");
        File.WriteAllText(map, "path,unit,year\n# comment\n\na.txt, 420802 ,2021\n/abs/b.html,jingmen-zhanghe,2020\n");

        var inputs = ReportFiles.ReadMap(map).ToList();

        Assert.Equal(2, inputs.Count);
        Assert.Equal(Path.Combine(dir.Path, "a.txt"), inputs[0].Path);
        Assert.Equal("420802", inputs[0].UnitId);
        Assert.Equal(2021, inputs[0].Year);
        Assert.Equal("/abs/b.html", inputs[1].Path);
    }

    [Fact]
    public void ReadMap_BadLine_IsUnparseable()
    {
        using var dir = new TempDir();
        var map = dir.File("map.csv");
        File.WriteAllText(map, "a.txt,420802\n");

        var e = Assert.Throws<CliException>(() => ReportFiles.ReadMap(map).ToList());

        Assert.Equal(ExitCodes.Unparseable, e.ExitCode);
    }

    [Fact]
    public void Collect_Directory_TakesReportFilesInOrder()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("b-2021.txt"), "");
        File.WriteAllText(dir.File("a-2020.html"), "");
        File.WriteAllText(dir.File("notes.md"), "");

        var inputs = ReportFiles.Collect([dir.Path], null, null, null);

        Assert.Equal(["a", "b"], inputs.Select(i => i.UnitId));
        Assert.Equal([2020, 2021], inputs.Select(i => i.Year));
    }

    [Fact]
    public void IdempotencyKey_DependsOnContentOnly()
    {
        var a = new Report { UnitId = "420802", Year = 2021, Format = FormatVersion._2021 };
        var b = new Report { UnitId = "420802", Year = 2021, Format = FormatVersion._2021 };
        var c = new Report { UnitId = "420804", Year = 2021, Format = FormatVersion._2021 };

        Assert.Equal(ReportFiles.IdempotencyKey(a), ReportFiles.IdempotencyKey(b));
        Assert.NotEqual(ReportFiles.IdempotencyKey(a), ReportFiles.IdempotencyKey(c));
        Assert.Matches("^[0-9a-f]{64}$", ReportFiles.IdempotencyKey(a));
    }

    [Theory]
    [InlineData(new[] { "--lang", "zh" }, null, "en-US", "zh")]
    [InlineData(new[] { "--lang=en" }, "zh", "zh-CN", "en")]
    [InlineData(new string[0], "zh", "en-US", "zh")]
    [InlineData(new string[0], null, "zh-TW", "zh")]
    [InlineData(new string[0], null, "fr-FR", "en")]
    [InlineData(new string[0], "xx", "zh-CN", "zh")]
    public void Language_ArgumentThenEnvironmentThenCulture(string[] args, string? env, string culture, string expected)
    {
        var chosen = Language.Resolve(args, _ => env, CultureInfo.GetCultureInfo(culture));

        Assert.Equal(expected, chosen);
    }

    [Theory]
    [InlineData(StatusCode.OK, ExitCodes.Ok)]
    [InlineData(StatusCode.Unavailable, ExitCodes.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded, ExitCodes.Unavailable)]
    [InlineData(StatusCode.Unauthenticated, ExitCodes.Auth)]
    [InlineData(StatusCode.PermissionDenied, ExitCodes.Auth)]
    [InlineData(StatusCode.NotFound, ExitCodes.NotFound)]
    [InlineData(StatusCode.InvalidArgument, ExitCodes.Rejected)]
    [InlineData(StatusCode.FailedPrecondition, ExitCodes.Rejected)]
    public void ExitCodeOf_MapsStatusCodes(StatusCode code, int expected)
    {
        Assert.Equal(expected, GrpcErrors.ExitCodeOf(code));
    }

    [Fact]
    public void Report_InvalidArgumentWithBadRequest_ShowsTheViolations()
    {
        var status = new Google.Rpc.Status { Code = (int)StatusCode.InvalidArgument, Message = "2 rule errors" };
        var bad = new Google.Rpc.BadRequest();
        bad.FieldViolations.Add(new Google.Rpc.BadRequest.Types.FieldViolation { Field = "s3.results_total.total", Description = "A3.balance: does not balance" });
        status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(bad));
        var exception = status.ToRpcException();
        var console = new TestConsole().Width(200);
        var ctx = new CliContext(new CliEnvironment { Out = console, Error = console, RawOut = TextWriter.Null, RawError = TextWriter.Null }, Language.En);

        var code = GrpcErrors.Report(ctx, exception, "http://x");

        Assert.Equal(ExitCodes.Rejected, code);
        Assert.Contains("s3.results_total.total", console.Output);
        Assert.Contains("A3.balance", console.Output);
    }

    [Theory]
    [InlineData("csv", ExportFormat.Csv)]
    [InlineData("xlsx", ExportFormat.Xlsx)]
    [InlineData("md", ExportFormat.Markdown)]
    [InlineData("json", ExportFormat.Json)]
    public void ToExportFormat_MapsNames(string name, ExportFormat expected)
    {
        Assert.Equal(expected, ExportCommand.ToExportFormat(name));
    }

    [Theory]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000")]
    [InlineData("https://agg.example:443", "https://agg.example:443")]
    public void NormalizeAddress_AddsTheScheme(string input, string expected)
    {
        Assert.Equal(expected, CliContext.NormalizeAddress(input));
    }
}
