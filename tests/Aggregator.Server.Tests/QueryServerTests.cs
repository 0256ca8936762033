using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Security;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Server.Tests;

/// <summary>Rollups, comparisons, status, watch and exports through the real server, on both stores.</summary>
public abstract class QueryServerTests<TFixture>(TFixture fixture)
    where TFixture : ServerFixture
{
    private const string City = "4208";
    private static readonly string[] s_districts = ["420802", "420804", "420881", "420882", "420822", "jingmen-zhanghe", "jingmen-qujialing", "jingmen-hitech"];

    protected TFixture Fixture { get; } = fixture;

    private QueryService.QueryServiceClient Queries => new(Fixture.Channel);

    private StatusService.StatusServiceClient Status => new(Fixture.Channel);

    private CallOptions CityOffice => Fixture.As(City, Roles.City);

    private async Task<Acknowledgement> SubmitAsync(AnnualReport report, string? key = null)
    {
        var response = await Fixture.Submissions.SubmitAsync(
            new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = key ?? Guid.NewGuid().ToString("N") },
            Fixture.As(report.Unit.Value, Roles.District));
        return response.Acknowledgement;
    }

    private static AnnualReport Synthetic(string unit, int year, int seed) =>
        SyntheticReports.Create(new UnitId(unit), new ReportYear(year), new Random(seed));

    private async Task<Rollup> RollupAsync(int year, VersionPolicy policy = VersionPolicy.Unspecified) =>
        (await Queries.GetRollupAsync(new GetRollupRequest { UnitId = City, Year = year, Policy = policy }, CityOffice)).Rollup;

    private static Figures FiguresOf(Rollup rollup) => ReportMapper.ToDomain(rollup.Total).Report!.Figures;

    [Fact]
    public async Task Rollup_OfJingmen_SumsContributorsExactly_AndListsMissingUnits()
    {
        const int year = 2022;
        var reports = new[] { Synthetic("420802", year, 1), Synthetic("420804", year, 2), Synthetic("jingmen-hitech", year, 3) };
        foreach (var report in reports)
        {
            Assert.Equal(AckOutcome.Accepted, (await SubmitAsync(report)).Outcome);
        }

        var rollup = await RollupAsync(year);

        var expected = new RollupAccumulator();
        foreach (var report in reports)
        {
            expected.Add(report);
        }

        Assert.Equal(expected.ToFigures(), FiguresOf(rollup));
        Assert.Equal(8, rollup.ExpectedUnits);
        Assert.Equal(3, rollup.ContributingUnits);
        Assert.Equal(5, rollup.MissingUnits);
        Assert.Equal(["420802", "420804", "jingmen-hitech"], rollup.Contributing.Select(c => c.UnitId).Order());
        Assert.All(rollup.Missing, m => Assert.Equal("no_submission", m.Reason));
        Assert.Equal(s_districts.Except(["420802", "420804", "jingmen-hitech"]).Order(), rollup.Missing.Select(m => m.UnitId).Order());
        var coverage = rollup.Coverage.ToDictionary(c => c.Cell, c => c.ReportingUnits);
        Assert.Equal(3, coverage["s3.new_requests.total"]);
        Assert.DoesNotContain(rollup.Findings, f => f.Severity == Severity.Error && f.Kind == FindingKind.Violated);
        Assert.Contains(rollup.Indicators, i => i.Id == "disclosure_rate" && i.Value is not null);
    }

    [Fact]
    public async Task Rollup_MoneySumsAreExact()
    {
        const int year = 2023;
        await SubmitAsync(Synthetic("420802", year, 4).With("s2.administrative_fees.amount", 0.1m));
        await SubmitAsync(Synthetic("420804", year, 5).With("s2.administrative_fees.amount", 0.2m));

        var total = await RollupAsync(year);

        Assert.Equal("0.3", total.Total.ProactiveDisclosure.AdministrativeFeesAmount.Value);
    }

    [Fact]
    public async Task Rollup_Policies_ExcludeReturned_AndCountOnlyAcceptedWhenAsked()
    {
        const int year = 2024;
        var accepted = Synthetic("420881", year, 6);
        var returned = Synthetic("420882", year, 7);
        var pending = Synthetic("420822", year, 8);
        var acceptedVersion = (await SubmitAsync(accepted)).Version;
        var returnedVersion = (await SubmitAsync(returned)).Version;
        await SubmitAsync(pending);
        await Fixture.Submissions.ReviewSubmissionAsync(
            new ReviewSubmissionRequest { UnitId = "420881", Year = year, Decision = ReviewDecision.Accept, Version = acceptedVersion }, CityOffice);
        await Fixture.Submissions.ReviewSubmissionAsync(
            new ReviewSubmissionRequest { UnitId = "420882", Year = year, Decision = ReviewDecision.Return, Reason = "表三数据有误", Version = returnedVersion }, CityOffice);

        var submitted = await RollupAsync(year, VersionPolicy.LatestSubmitted);
        var onlyAccepted = await RollupAsync(year, VersionPolicy.LatestAccepted);

        Assert.Equal(["420822", "420881"], submitted.Contributing.Select(c => c.UnitId).Order());
        Assert.Equal("returned", submitted.Missing.Single(m => m.UnitId == "420882").Reason);
        Assert.Equal(Sum(accepted, pending), FiguresOf(submitted));
        Assert.Equal(["420881"], onlyAccepted.Contributing.Select(c => c.UnitId));
        Assert.Equal("not_accepted", onlyAccepted.Missing.Single(m => m.UnitId == "420822").Reason);
        Assert.Equal(Sum(accepted), FiguresOf(onlyAccepted));
        Assert.Equal(VersionPolicy.LatestSubmitted, (await RollupAsync(year)).Policy);
    }

    [Fact]
    public async Task Rollup_AfterRandomSubmissionsResubmissionsAndReviews_EqualsTheSumRecomputedFromStoredReports()
    {
        const int year = 2025;
        var random = new Random(42);
        var districtOffice = City;
        for (var round = 0; round < 6; round++)
        {
            for (var i = 0; i < 5; i++)
            {
                var unit = s_districts[random.Next(s_districts.Length)];
                var head = await Fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = unit, Year = year }, CityOffice);
                if (head.ReviewState == ReviewState.Accepted)
                {
                    continue;
                }

                var ack = await SubmitAsync(Synthetic(unit, year, random.Next()));
                Assert.Equal(AckOutcome.Accepted, ack.Outcome);
                var decision = random.Next(4);
                if (decision == 0)
                {
                    await Fixture.Submissions.ReviewSubmissionAsync(new ReviewSubmissionRequest { UnitId = unit, Year = year, Decision = ReviewDecision.Return, Reason = "退回", Version = ack.Version }, CityOffice);
                }
                else if (decision == 1)
                {
                    await Fixture.Submissions.ReviewSubmissionAsync(new ReviewSubmissionRequest { UnitId = unit, Year = year, Decision = ReviewDecision.Accept, Version = ack.Version }, CityOffice);
                }
            }

            foreach (var policy in new[] { VersionPolicy.LatestSubmitted, VersionPolicy.LatestAccepted })
            {
                var rollup = await RollupAsync(year, policy);
                var expected = new RollupAccumulator();
                foreach (var unit in s_districts)
                {
                    var history = await Fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = unit, Year = year }, Fixture.As(districtOffice, Roles.City));
                    var counts = policy == VersionPolicy.LatestAccepted
                        ? history.ReviewState == ReviewState.Accepted
                        : history.Versions.Count > 0 && history.ReviewState != ReviewState.Returned;
                    if (!counts)
                    {
                        continue;
                    }

                    var stored = await Fixture.Submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = unit, Year = year }, CityOffice);
                    expected.Add(ReportMapper.ToDomain(stored.Report).Report!);
                }

                Assert.Equal(expected.ToFigures(), FiguresOf(rollup));
                Assert.Equal(expected.Units, rollup.ContributingUnits);
                foreach (var coverage in rollup.Coverage)
                {
                    Assert.Equal(expected.ReportingUnits(CellCatalog.Get(coverage.Cell)), coverage.ReportingUnits);
                }
            }
        }
    }

    /// <summary>
    /// The digest kept up to date by difference (heads, then only the changed versions) equals, after
    /// every kind of change, the digest computed from the whole partition: sums, coverage, counts and
    /// the contributing and missing lists, under both policies.
    /// </summary>
    [Fact]
    public async Task Digest_UpdatedByDifference_EqualsTheDigestComputedFromTheWholePartition()
    {
        const int year = 2031;
        var engine = Fixture.App.Services.GetRequiredService<Aggregator.Queries.RollupEngine>();
        var store = Fixture.App.Services.GetRequiredService<Aggregator.Storage.IReportStore>();
        var city = engine.Tree.Get(new UnitId(City));
        var key = new Aggregator.Storage.PartitionKey(city.Id, new ReportYear(year));
        var policies = new[] { VersionPolicy.LatestSubmitted, VersionPolicy.LatestAccepted };
        var (revision, views) = await Aggregator.Queries.PartitionViews.LoadAsync(store, key, default);
        var digests = policies.ToDictionary(p => p, p => engine.Compute(city, city, revision, views, p));
        var random = new Random(7);
        var units = s_districts.Append(City).ToArray();
        for (var step = 0; step < 24; step++)
        {
            var unit = units[random.Next(units.Length)];
            var head = await Fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = unit, Year = year }, CityOffice);
            var latest = head.Versions.Where(v => v.Source == RecordSource.Submission).Select(v => v.Version).DefaultIfEmpty(0).Max();
            switch (random.Next(4))
            {
                case 0 when head.ReviewState != ReviewState.Accepted:
                case 1 when head.ReviewState != ReviewState.Accepted && latest == 0:
                    Assert.Equal(AckOutcome.Accepted, (await SubmitAsync(Synthetic(unit, year, random.Next()))).Outcome);
                    break;
                case 1 when head.ReviewState == ReviewState.Submitted:
                    await Fixture.Submissions.ReviewSubmissionAsync(new ReviewSubmissionRequest
                    {
                        UnitId = unit, Year = year, Version = latest,
                        Decision = random.Next(2) == 0 ? ReviewDecision.Accept : ReviewDecision.Return, Reason = "退回重报",
                    }, CityOffice);
                    break;
                default:
                    var published = ReportMapper.ToProto(Synthetic(unit, year, random.Next()));
                    var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(published.ToByteArray()));
                    await Fixture.Submissions.BackfillAsync(new BackfillRequest
                    {
                        UnitId = unit, Year = year, Report = published, Source = new PublishedSource { ContentSha256 = sha },
                    }, Fixture.As(City, Roles.City));
                    break;
            }

            foreach (var policy in policies)
            {
                var (old, oldUnits) = digests[policy];
                var updated = await engine.UpdateAsync(key, city, city, policy, old, oldUnits, default);
                Assert.NotNull(updated);
                (revision, views) = await Aggregator.Queries.PartitionViews.LoadAsync(store, key, default);
                var full = engine.Compute(city, city, revision, views, policy);
                Assert.Equal(full.Digest, updated.Value.Digest);
                Assert.Equal(full.Units, updated.Value.Units);
                digests[policy] = updated.Value;
            }
        }

        Assert.True(digests[VersionPolicy.LatestSubmitted].Digest.Contributing > 0);
    }

    /// <summary>
    /// Issue 16: a finished rollup is kept in process memory under its digests' revisions. While nothing
    /// changes the same rollup is served; after a submission, a review decision or a backfill in the
    /// partition the kept one is never served again, and what is served equals a rollup computed by an
    /// engine with nothing kept, for each policy and listing.
    /// </summary>
    [Fact]
    public async Task Rollup_KeptWhileUnchanged_NeverServedAfterAChange()
    {
        const int year = 2033;
        var engine = Fixture.App.Services.GetRequiredService<Aggregator.Queries.RollupEngine>();
        var store = Fixture.App.Services.GetRequiredService<Aggregator.Storage.IReportStore>();
        var city = engine.Tree.Get(new UnitId(City));
        var y = new ReportYear(year);
        var views = new[] { (VersionPolicy.LatestSubmitted, UnitListing.None), (VersionPolicy.LatestSubmitted, UnitListing.Full), (VersionPolicy.LatestAccepted, UnitListing.MissingOnly) };

        async Task AssertServedEqualsFresh(string after)
        {
            foreach (var (policy, listing) in views)
            {
                var served = await engine.GetRollupAsync(city, y, policy, listing, default);
                var again = await engine.GetRollupAsync(city, y, policy, listing, default);
                var fresh = await new Aggregator.Queries.RollupEngine(engine.Tree, store).GetRollupAsync(city, y, policy, listing, default);
                Assert.Same(served, again);
                Assert.True(fresh.Equals(served), $"after {after}, {policy}/{listing}: the rollup served differs from one computed afresh");
            }
        }

        Assert.Equal(AckOutcome.Accepted, (await SubmitAsync(Synthetic("420802", year, 31))).Outcome);
        await AssertServedEqualsFresh("a first submission");
        var before = await engine.GetRollupAsync(city, y, VersionPolicy.LatestSubmitted, UnitListing.None, default);

        Assert.Equal(AckOutcome.Accepted, (await SubmitAsync(Synthetic("420804", year, 32))).Outcome);
        var after = await engine.GetRollupAsync(city, y, VersionPolicy.LatestSubmitted, UnitListing.None, default);
        Assert.NotSame(before, after);
        Assert.Equal(2, after.ContributingUnits);
        await AssertServedEqualsFresh("a second unit's submission");

        await Fixture.Submissions.ReviewSubmissionAsync(new ReviewSubmissionRequest
        {
            UnitId = "420804", Year = year, Version = 1, Decision = ReviewDecision.Accept,
        }, CityOffice);
        await AssertServedEqualsFresh("a review decision");

        var published = ReportMapper.ToProto(Synthetic("420881", year, 33));
        await Fixture.Submissions.BackfillAsync(new BackfillRequest
        {
            UnitId = "420881", Year = year, Report = published,
            Source = new PublishedSource { ContentSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(published.ToByteArray())) },
        }, CityOffice);
        await AssertServedEqualsFresh("a backfill");

        Assert.Equal(AckOutcome.Accepted, (await SubmitAsync(Synthetic("420802", year, 34))).Outcome);
        await AssertServedEqualsFresh("a resubmission");
    }

    [Fact]
    public async Task Rollup_OfTheProvince_CombinesItsCities()
    {
        const int year = 2026;
        var report = Synthetic("jingmen-qujialing", year, 9);
        await SubmitAsync(report);

        var province = (await Queries.GetRollupAsync(new GetRollupRequest { UnitId = "42", Year = year }, Fixture.As("42", Roles.Province))).Rollup;

        Assert.Equal(Sum(report), FiguresOf(province));
        Assert.Equal(9, province.ExpectedUnits); // 荆门市 itself and its 8 districts
        Assert.Contains(province.Missing, m => m.UnitId == City);
    }

    [Fact]
    public async Task WatchRollup_SendsTheCurrentRollup_ThenAnUpdateAfterASubmission()
    {
        const int year = 2027;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = Queries.WatchRollup(new WatchRollupRequest { UnitId = City, Year = year }, CityOffice.WithCancellationToken(cts.Token).WithDeadline(DateTime.UtcNow.AddSeconds(60)));
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(0, call.ResponseStream.Current.Rollup.ContributingUnits);

        await SubmitAsync(Synthetic("420802", year, 10));

        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(1, call.ResponseStream.Current.Rollup.ContributingUnits);
        cts.Cancel();
    }

    [Fact]
    public async Task Compare_RanksChildren_WithMedianAndYearOverYear_AndTable2IsNotComparableAcrossFormats()
    {
        // 2020 uses the 2019 format, 2021 the 2021 format.
        var values = new Dictionary<string, (long Y2020, long Y2021)> { ["420802"] = (10, 30), ["420804"] = (20, 30), ["420881"] = (5, 60) };
        foreach (var (unit, (v2020, v2021)) in values)
        {
            await SubmitAsync(WithNewRequests(Synthetic(unit, 2020, 11), v2020));
            await SubmitAsync(WithNewRequests(Synthetic(unit, 2021, 12), v2021));
        }

        var compare = await Queries.CompareAsync(new CompareRequest { UnitId = City, Year = 2021, Metric = "s3.new_requests.natural_person" }, CityOffice);

        Assert.Equal(["420881", "420802", "420804"], compare.Rows.Take(3).Select(r => r.UnitId));
        Assert.Equal([1, 2, 2], compare.Rows.Where(r => r.Rank > 0).Select(r => r.Rank));
        Assert.Equal("120", compare.Total.Value);
        Assert.Equal("30", compare.Median.Value);
        var first = compare.Rows[0];
        Assert.Equal(("60", "0.5", "5", "55", "11"), (first.Value.Value, first.Share.Value, first.Previous.Value, first.YoyChange.Value, first.YoyChangeRate.Value));
        Assert.True(first.YoyComparable);
        Assert.All(compare.Rows.Where(r => r.Rank == 0), r => Assert.Null(r.Value));

        var table2 = await Queries.CompareAsync(new CompareRequest { UnitId = City, Year = 2021, Metric = "s2.administrative_penalty.decisions" }, CityOffice);
        Assert.All(table2.Rows, r => Assert.False(r.YoyComparable));
        Assert.All(table2.Rows, r => Assert.Null(r.YoyChange));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => Queries.CompareAsync(new CompareRequest { UnitId = City, Year = 2021, Metric = "s9.nope" }, CityOffice).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, unknown.StatusCode);
        Assert.Contains("s9.nope", unknown.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_RollupAsCsv_HasBomAndTheNationalLabelsAndSums()
    {
        const int year = 2028;
        var report = Synthetic("420804", year, 13);
        await SubmitAsync(report);

        var csv = await Queries.ExportAsync(new ExportRequest { Rollup = new GetRollupRequest { UnitId = City, Year = year }, Format = ExportFormat.Csv }, CityOffice);

        var bytes = csv.Content.ToByteArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.Contains("本年新收政府信息公开申请数量", text, StringComparison.Ordinal);
        var licensing = report.Figures[CellCatalog.Get("s2.administrative_licensing.decisions")]!.Value;
        Assert.Contains(ExactDecimal.Format(licensing), text, StringComparison.Ordinal);
        Assert.StartsWith("text/csv", csv.ContentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_RollupAsDocx_IsTheCitysWordReport_ComparisonAsDocx_InvalidArgument()
    {
        const int year = 2037;
        await SubmitAsync(Synthetic("420804", year, 21));

        var docx = await Queries.ExportAsync(new ExportRequest { Rollup = new GetRollupRequest { UnitId = City, Year = year }, Format = ExportFormat.Docx }, CityOffice);
        var compare = await Assert.ThrowsAsync<RpcException>(() => Queries.ExportAsync(
            new ExportRequest { Comparison = new CompareRequest { UnitId = City, Year = year, Metric = "s3.new_requests.total" }, Format = ExportFormat.Docx }, CityOffice).ResponseAsync);

        Assert.EndsWith(".docx", docx.FileName, StringComparison.Ordinal);
        using (var package = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx.Content.ToByteArray()), false))
        {
            var text = package.MainDocumentPart!.Document.Body!.InnerText;
            Assert.Contains("荆门市" + year + "年政府信息公开工作年度报告(汇总)", text, StringComparison.Ordinal);
            Assert.Contains("三、收到和处理政府信息公开申请情况", text, StringComparison.Ordinal);
        }

        Assert.Equal(StatusCode.InvalidArgument, compare.StatusCode);
    }

    [Fact]
    public async Task Status_CountsUnitsByStatus_AndRates()
    {
        const int year = 2029;
        var draft = Synthetic("420802", year, 14) with { Present = Sections.S3Requests };
        await SubmitAsync(draft);
        await SubmitAsync(Synthetic("420804", year, 15));

        var summary = (await Status.GetStatusAsync(new GetStatusRequest { UnitId = City, Year = year }, CityOffice)).Summary;

        Assert.Equal((8, 1, 1, 6), (summary.Expected, summary.Draft, summary.Submitted, summary.NotStarted));
        Assert.Equal("0.125", summary.ReportingRate);
        Assert.Equal(UnitStatus.Draft, summary.Units.Single(u => u.UnitId == "420802").Status);
    }

    [Fact]
    public async Task YearSummary_PutsStatusWarningsAndKeyIndicatorsSideBySide()
    {
        const int year = 2038;
        var report = Synthetic("420881", year, 16);
        await SubmitAsync(report);

        var summary = await Queries.GetYearSummaryAsync(new GetYearSummaryRequest { UnitId = City, Year = year }, CityOffice);

        Assert.Equal(8, summary.Rows.Count);
        var row = summary.Rows.Single(r => r.UnitId == "420881");
        Assert.Equal(("submitted", RecordSource.Submission), (row.Status, row.Source));
        var newRequests = row.Indicators.Single(i => i.Id == "s3.new_requests.total");
        Assert.Equal(ExactDecimal.Format(report.Figures[CellCatalog.Request("new_requests", "total")]!.Value), newRequests.Value.Value);
        Assert.Equal(summary.Rows[0].Indicators.Select(i => i.Id), row.Indicators.Select(i => i.Id));
        var empty = summary.Rows.Single(r => r.UnitId == "420802");
        Assert.Equal("not_started", empty.Status);
        Assert.All(empty.Indicators, i => Assert.Null(i.Value));
    }

    [Fact]
    public async Task WatchStatus_SendsTheBoard_ThenAnUpdateAfterASubmission()
    {
        const int year = 2039;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var call = Status.WatchStatus(new WatchStatusRequest { UnitId = City, Year = year }, CityOffice.WithCancellationToken(cts.Token));
        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(8, call.ResponseStream.Current.Summary.NotStarted);

        await SubmitAsync(Synthetic("420822", year, 17));

        Assert.True(await call.ResponseStream.MoveNext(cts.Token));
        Assert.Equal((7, 1), (call.ResponseStream.Current.Summary.NotStarted, call.ResponseStream.Current.Summary.Submitted));
        cts.Cancel();
    }

    [Fact]
    public async Task Queries_OutsideTheCallersSubtree_AreDenied()
    {
        var district = Fixture.As("420802", Roles.District);
        var ex = await Assert.ThrowsAsync<RpcException>(() => Queries.GetRollupAsync(new GetRollupRequest { UnitId = City, Year = 2021 }, district).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);

        // An unknown unit is denied like a known one out of reach (no registry enumeration); an admin learns NOT_FOUND.
        var missing = await Assert.ThrowsAsync<RpcException>(() => Queries.GetRollupAsync(new GetRollupRequest { UnitId = "nowhere", Year = 2021 }, CityOffice).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, missing.StatusCode);
        Assert.Contains("nowhere", missing.Status.Detail, StringComparison.Ordinal);
        var adminMissing = await Assert.ThrowsAsync<RpcException>(() => Queries.GetRollupAsync(new GetRollupRequest { UnitId = "nowhere", Year = 2021 }, Fixture.As("42", Roles.Admin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, adminMissing.StatusCode);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => Status.GetStatusAsync(new GetStatusRequest { UnitId = City, Year = 2021 }).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
    }

    private static Figures Sum(params AnnualReport[] reports)
    {
        var acc = new RollupAccumulator();
        foreach (var report in reports)
        {
            acc.Add(report);
        }

        return acc.ToFigures();
    }

    /// <summary>Natural persons: <paramref name="value"/> new requests, all granted; the report stays valid.</summary>
    private static AnnualReport WithNewRequests(AnnualReport report, long value)
    {
        var figures = new Figures.Builder();
        foreach (var (cell, v) in report.Figures)
        {
            figures.Set(cell, v);
        }

        foreach (var row in CellCatalog.RequestRows)
        {
            if (CellCatalog.TryFind($"s3.{row.Id}.natural_person", report.Format, out var cell) && figures.Get(cell.Id) is not null)
            {
                var set = row.Id is "new_requests" or "granted" or "results_total" ? value : 0;
                figures.Set(cell.Id, set);
                var total = CellCatalog.RequestColumns.Take(6).Sum(c => figures.Get(CellCatalog.Get($"s3.{row.Id}.{c.Id}", report.Format)) ?? 0);
                figures.Set(CellCatalog.Get($"s3.{row.Id}.total", report.Format), total);
            }
        }

        return report with { Figures = figures.Build() };
    }
}

internal static class ReportTestExtensions
{
    public static AnnualReport With(this AnnualReport report, string path, decimal? value) =>
        report with { Figures = report.Figures.With(CellCatalog.Get(path, report.Format), value) };
}

public sealed class RedisQueryServerTests(RedisServerFixture fixture) : QueryServerTests<RedisServerFixture>(fixture), IClassFixture<RedisServerFixture>;

public sealed class GarnetQueryServerTests(GarnetServerFixture fixture) : QueryServerTests<GarnetServerFixture>(fixture), IClassFixture<GarnetServerFixture>;
