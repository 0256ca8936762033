using Aggregator.Cli.Commands;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Aggregator.Import;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Spectre.Console.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>The rollup, status and comparison views rendered from hand-made messages.</summary>
public sealed class ViewsUnitTests
{
    private static (CliContext Ctx, TestConsole Console) Context(string language)
    {
        var console = new TestConsole().Width(250);
        var env = new CliEnvironment { Out = console, Error = console, RawOut = TextWriter.Null, RawError = TextWriter.Null };
        return (new CliContext(env, language), console);
    }

    private static Report FixtureReport(string unit)
    {
        var result = ReportImporter.Import(File.ReadAllText(TestFiles.Zhanghe2021), new ImportOptions(unit, 2021));
        Assert.True(result.Success);
        return result.Report!;
    }

    private static Rollup SampleRollup()
    {
        var total = FixtureReport("4208");
        var rollup = new Rollup { Total = total, ExpectedUnits = 8, Policy = VersionPolicy.LatestSubmitted, Revision = 7 };
        rollup.Contributing.Add(new UnitContribution { UnitId = "jingmen-zhanghe", UnitName = "漳河新区", Source = RecordSource.Submission, Version = 2, ReviewState = ReviewState.Submitted });
        rollup.Missing.Add(new MissingUnit { UnitId = "420802", UnitName = "东宝区", Reason = "no_submission" });
        rollup.Coverage.Add(new CellCoverage { Cell = "s2.administrative_licensing.decisions", ReportingUnits = 1 });
        rollup.Findings.Add(new Finding { RuleId = "N1", Severity = Severity.Warning, Kind = FindingKind.Violated, Reported = "4578", Computed = "4668", MessageZh = "分类之和不符", MessageEn = "breakdown mismatch" });
        rollup.Indicators.Add(new Indicator { Id = "disclosure_rate", Value = new Aggregator.Contracts.V1.Decimal { Value = "0.75" }, LabelZh = "公开率", LabelEn = "disclosure rate" });
        return rollup;
    }

    [Fact]
    public void Rollup_Chinese_ShowsTheNationalTablesWithChineseLabels()
    {
        var (ctx, console) = Context(Language.Zh);

        console.Write(Views.Rollup(ctx, SampleRollup(), "4208", 2021));

        var output = console.Output;
        Assert.Contains("二、主动公开政府信息情况", output);
        Assert.Contains("三、收到和处理政府信息公开申请情况", output);
        Assert.Contains("四、政府信息公开行政复议、行政诉讼情况", output);
        Assert.Contains("行政许可", output);
        Assert.Contains("3949", output);
        Assert.Contains("7.522", output);
        Assert.Contains("三(三)1.属于国家秘密", output);
        Assert.Contains("结果维持", output);
        Assert.Contains("漳河新区 (jingmen-zhanghe)", output);
        Assert.Contains("东宝区 (420802)", output);
        Assert.Contains("未报送", output);
        Assert.Contains("N1", output);
        Assert.Contains("75%", output);
        Assert.Contains("1/8", output);
    }

    [Fact]
    public void Rollup_Chinese_KeepsTableBordersAlignedAroundWideCharacters()
    {
        var (ctx, console) = Context(Language.Zh);

        console.Write(Views.Rollup(ctx, SampleRollup(), "4208", 2021));

        // Every line of one table has the same display width (CJK characters take two cells).
        var tables = 0;
        List<string>? block = null;
        foreach (var line in console.Lines)
        {
            if (line.StartsWith('┌'))
            {
                block = [];
            }

            block?.Add(line.TrimEnd());
            if (line.StartsWith('└') && block is not null)
            {
                tables++;
                Assert.True(block.Select(DisplayWidth).Distinct().Count() == 1, string.Join("\n", block));
                block = null;
            }
        }

        Assert.True(tables >= 6);
    }

    [Fact]
    public void Rollup_English_UsesEnglishLabels()
    {
        var (ctx, console) = Context(Language.En);

        console.Write(Views.Rollup(ctx, SampleRollup(), "4208", 2021));

        Assert.Contains("administrative licensing", console.Output);
        Assert.Contains("Contributing units (1)", console.Output);
        Assert.Contains("no submission", console.Output);
    }

    [Fact]
    public void Status_ShowsCountsRatesAndLateUnits()
    {
        var (ctx, console) = Context(Language.En);
        var summary = new StatusSummary { UnitId = "4208", Year = 2021, Expected = 2, Submitted = 1, NotStarted = 1, Late = 1, ReportingRate = "0.5", TimelinessRate = "0.5" };
        summary.Units.Add(new UnitStatusEntry { UnitId = "jingmen-zhanghe", UnitName = "漳河新区", Status = UnitStatus.Submitted, Version = 1, SubmittedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2022, 1, 10, 2, 0, 0, TimeSpan.Zero)) });
        summary.Units.Add(new UnitStatusEntry { UnitId = "420802", UnitName = "东宝区", Status = UnitStatus.NotStarted, Late = true, Deadline = Timestamp.FromDateTimeOffset(new DateTimeOffset(2022, 3, 31, 15, 59, 59, TimeSpan.Zero)) });

        console.Write(Views.Status(ctx, summary));

        var output = console.Output;
        Assert.Contains("50%", output);
        Assert.Contains("LATE", output);
        Assert.Contains("2022-03-31 23:59", output);
        Assert.Contains("2022-01-10 10:00", output);
        Assert.True(output.IndexOf("东宝区", StringComparison.Ordinal) < output.IndexOf("漳河新区", StringComparison.Ordinal), "not started units come first");
    }

    [Fact]
    public void Compare_ShowsRanksOutliersAndABarChart()
    {
        var (ctx, console) = Context(Language.En);
        var compare = new CompareResponse { Metric = "s2.administrative_licensing.decisions", LabelEn = "licensing decisions", LabelZh = "行政许可", Total = new() { Value = "4000" }, Median = new() { Value = "2000" }, Mad = new() { Value = "1949" } };
        compare.Rows.Add(new ComparisonRow { UnitId = "jingmen-zhanghe", UnitName = "漳河新区", Value = new() { Value = "3949" }, Rank = 1, Share = new() { Value = "0.98725" }, Outlier = true, YoyComparable = false });
        compare.Rows.Add(new ComparisonRow { UnitId = "420802", UnitName = "东宝区", Value = new() { Value = "51" }, Rank = 2, YoyComparable = true, Previous = new() { Value = "40" }, YoyChange = new() { Value = "11" }, YoyChangeRate = new() { Value = "0.275" } });
        compare.Rows.Add(new ComparisonRow { UnitId = "420804", UnitName = "掇刀区", Rank = 0 });

        console.Write(Views.Compare(ctx, compare));

        var output = console.Output;
        Assert.Contains("licensing decisions", output);
        Assert.Contains("98.73%", output);
        Assert.Contains("27.5%", output);
        Assert.Contains("n/c", output);
        Assert.Contains("n/c = not comparable", output);
        Assert.Contains("table 二 changed meaning in 2021", output);
        Assert.Contains("median 2000", output);
        Assert.Contains("3949", output);
        Assert.Contains("█", output);
    }

    [Fact]
    public void Compare_And_Rollup_ShowTheRegionNotesInTheLanguageAsked()
    {
        var note = new RegionNote { UnitId = "new-ab", TextZh = "2021 年及以前为老城区、东区之和(2022 年合并为新城区)", TextEn = "Until 2021: the sum of \"老城区\", \"东区\" (merged into \"新城区\" in 2022)" };
        var compare = new CompareResponse { Metric = "s3.new_requests.total" };
        compare.Rows.Add(new ComparisonRow { UnitId = "new-ab", UnitName = "新城区", Value = new() { Value = "12" }, Rank = 1, YoyComparable = true, Previous = new() { Value = "10" }, RegionNotes = { note } });
        var rollup = SampleRollup();
        rollup.RegionNotes.Add(note);
        var (zh, zhConsole) = Context(Language.Zh);
        var (en, enConsole) = Context(Language.En);

        zhConsole.Write(Views.Compare(zh, compare));
        zhConsole.Write(Views.Rollup(zh, rollup, "new-ab", 2020));
        enConsole.Write(Views.Compare(en, compare));

        Assert.Equal(2, CountOf(zhConsole.Output, "区划调整 new-ab:2021 年及以前为老城区、东区之和(2022 年合并为新城区)"));
        Assert.Contains("Region change new-ab: Until 2021: the sum of \"老城区\", \"东区\" (merged into \"新城区\" in 2022)", enConsole.Output, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    [Fact]
    public async Task Watch_RendersEveryUpdateAndEndsCleanlyOnCancel()
    {
        var (ctx, console) = Context(Language.En);
        using var cts = new CancellationTokenSource();
        var stream = new FakeStream<StatusSummary>(
            [new StatusSummary { UnitId = "4208", Year = 2021, Expected = 8, Submitted = 1 }, new StatusSummary { UnitId = "4208", Year = 2021, Expected = 8, Submitted = 2 }],
            cts);

        var code = await WatchCommand.LiveAsync(ctx, stream, s => Views.Status(ctx, s), cts.Token);

        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(2, stream.Delivered);
        Assert.Contains("4208 2021 reporting status", console.Output);
    }

    private static int DisplayWidth(string line) => line.Sum(c => c is >= '\u1100' and (<= '\u115f' or >= '\u2e80') and <= '\uffdc' && c != '\u303f' ? 2 : 1);

    /// <summary>Yields the messages, then waits until cancelled (like a watch with no more changes) after cancelling.</summary>
    private sealed class FakeStream<T>(IReadOnlyList<T> messages, CancellationTokenSource cancelAfter) : IAsyncStreamReader<T>
        where T : class
    {
        public int Delivered { get; private set; }

        public T Current { get; private set; } = null!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (Delivered < messages.Count)
            {
                Current = messages[Delivered++];
                return true;
            }

            await cancelAfter.CancelAsync();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return false;
        }
    }
}
