using Aggregator.Backfill.Tests.Samples;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Mapping;
using Aggregator.Import;
using Aggregator.Security;
using Aggregator.Server.Tests;
using Grpc.Core;

namespace Aggregator.Backfill.Tests;

/// <summary>
/// Backfill of <c>samples/published/</c> through the real server (documents parsed on the server), on
/// redis-server and embedded Garnet: published records with their findings, replays, precedence of a
/// submission, five-year comparisons across the format change, rollups and authorisation. Years: the
/// samples' 2019–2023, and 2038+ for the scenarios that must not disturb the samples' years.
/// </summary>
public abstract class BackfillServerTests<TFixture>(TFixture fixture)
    where TFixture : BackfillServerFixture
{
    private const string City = BackfillServerFixture.City;

    protected TFixture Fixture { get; } = fixture;

    private CallOptions CityOffice => Fixture.As(City, Roles.City);

    private static string Sample(string name) => Path.Combine(SamplesDirectory.Published, name);

    private static Report Imported(string file, string? unit = null, int? year = null)
    {
        var (u, y) = SamplesDirectory.UnitYear(file);
        var result = ReportImporter.Import(File.ReadAllText(file), new ImportOptions(unit ?? u, year ?? y));
        Assert.True(result.Success, file);
        return result.Report!;
    }

    /// <summary>The published errors of the samples, exactly: (rule, anchor cell, reported, computed).</summary>
    private static readonly Dictionary<string, (string Rule, string Cell, string Reported, string Computed)[]> s_knownFindings = new(StringComparer.Ordinal)
    {
        ["420802-2022.html"] = [("Y2.in_force", "s2.normative_documents.in_force", "84", "80")],
        ["420804-2020.txt"] = [("Y2.previous_items", "s2.administrative_licensing.previous_items", "201", "189")],
        ["420804-2022.txt"] =
        [
            ("A3.results_total", "s3.results_total.natural_person", "12", "14"),
            ("A3.results_total", "s3.results_total.total", "16", "18"),
        ],
        ["420881-2020.txt"] = [("A4.group_total", "s4.reconsideration.total", "0", "3")],
        ["jingmen-zhanghe-2021.txt"] = [("N1", "s1.breakdown.stated_total", "4578", "4668")],
    };

    [Fact]
    public async Task Backfill_EverySample_IsStoredAsPublished_AsPrinted_WithExactlyItsKnownFindings()
    {
        var responses = await Fixture.SamplesBackfilled;

        Assert.Equal(SamplesDirectory.Files().Select(Path.GetFileName), responses.Keys.Order(StringComparer.Ordinal));
        foreach (var file in SamplesDirectory.Files())
        {
            var name = Path.GetFileName(file);
            var (unit, year) = SamplesDirectory.UnitYear(file);
            var response = responses[name];
            Assert.True(response.StatusCode == 0, $"{name}: {response.StatusMessage}");
            Assert.False(response.Result.Replayed, name);
            Assert.Equal(1, response.Result.Version);
            var findings = response.Result.Findings.Select(f => (f.RuleId, f.Cells[0], f.Reported, f.Computed)).Order().ToArray();
            Assert.True(s_knownFindings.GetValueOrDefault(name, []).Order().SequenceEqual(findings),
                $"{name}: {string.Join("; ", findings)}");

            var stored = await Fixture.Submissions.GetSubmissionAsync(
                new GetSubmissionRequest { UnitId = unit, Year = year, Version = 1, Source = RecordSource.Published }, CityOffice);

            Assert.Equal(RecordSource.Published, stored.Info.Source);
            Assert.Equal(ReviewState.Published, stored.ReviewState);
            Assert.Equal(name, stored.Info.PublishedSource.FileName);
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file))), stored.Info.PublishedSource.ContentSha256);
            Assert.Equal(response.Result.Findings, stored.Findings);
            var printed = ReportMapper.ToDomain(Imported(file)).Report!;
            var kept = ReportMapper.ToDomain(stored.Report).Report!;
            Assert.Equal(printed.Format, kept.Format);
            Assert.True(printed.Figures.Equals(kept.Figures), $"{name}: stored figures differ from the printed ones");
        }
    }

    [Fact]
    public async Task Backfill_SameDocumentTwice_IsReplayed_AndOnePublishedVersionIsListed()
    {
        await Fixture.SamplesBackfilled;
        var file = Sample("420881-2021.txt");

        var again = await Fixture.Submissions.BackfillAsync(BackfillServerFixture.DocumentRequest(file), CityOffice);
        var streamed = await Fixture.BackfillStreamAsync([file], CityOffice);
        var history = await Fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = "420881", Year = 2021 }, CityOffice);

        Assert.True(again.Replayed);
        Assert.Equal(1, again.Version);
        Assert.True(streamed["420881-2021.txt"].Result.Replayed);
        var version = Assert.Single(history.Versions);
        Assert.Equal((1L, RecordSource.Published, "420881-2021.txt"), (version.Version, version.Source, version.PublishedSource.FileName));
        Assert.Equal(ReviewState.Published, history.ReviewState);
    }

    [Fact]
    public async Task Backfill_UnparseableDocument_IsRefusedWithLineAndExpectation_AndNothingIsStored()
    {
        const int year = 2039;
        var file = Sample(SamplesDirectory.ZhangheFile);
        var broken = File.ReadAllText(file).Replace("2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||", "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0", StringComparison.Ordinal);
        var line = broken.Split('\n').Select((l, i) => (l, i)).First(x => x.l.StartsWith("2.重复申请", StringComparison.Ordinal)).i + 1;
        var request = BackfillServerFixture.DocumentRequest(file, year: year, content: System.Text.Encoding.UTF8.GetBytes(broken));

        var unary = await Assert.ThrowsAsync<RpcException>(() => Fixture.Submissions.BackfillAsync(request, CityOffice).ResponseAsync);
        using var call = Fixture.Submissions.BackfillStream(CityOffice);
        await call.RequestStream.WriteAsync(new BackfillStreamRequest { CorrelationId = "broken", Record = request });
        await call.RequestStream.CompleteAsync();
        var streamed = await call.ResponseStream.ReadAllAsync().SingleAsync();

        Assert.Equal(StatusCode.InvalidArgument, unary.StatusCode);
        Assert.Contains($"line {line}", unary.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("7 figure cells", unary.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("6 figure cells", unary.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(("broken", (int)StatusCode.InvalidArgument, unary.Status.Detail), (streamed.CorrelationId, streamed.StatusCode, streamed.StatusMessage));
        Assert.Null(streamed.Result);
        var history = await Fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = "jingmen-zhanghe", Year = year }, CityOffice);
        Assert.Empty(history.Versions);
        var read = await Assert.ThrowsAsync<RpcException>(() =>
            Fixture.Submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = "jingmen-zhanghe", Year = year }, CityOffice).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task Backfill_ThenTheDistrictSubmits_TheSubmissionTakesPrecedence_AndThePublishedRecordStaysReadable()
    {
        const int year = 2038;
        const string unit = "jingmen-hitech";
        var file = Sample("420802-2023.txt");
        var published = await Fixture.Submissions.BackfillAsync(BackfillServerFixture.DocumentRequest(file, unit, year), CityOffice);
        var before = (await Fixture.Queries.GetRollupAsync(new GetRollupRequest { UnitId = City, Year = year }, CityOffice)).Rollup;

        var report = Imported(file, unit, year);
        var ack = (await Fixture.Submissions.SubmitAsync(new SubmitRequest { Report = report, IdempotencyKey = "hitech-" + year }, Fixture.As(unit, Roles.District))).Acknowledgement;

        Assert.Equal(1, published.Version);
        Assert.Equal((RecordSource.Published, 1), (before.Contributing.Single(c => c.UnitId == unit).Source, before.PublishedUnits));
        Assert.Equal((AckOutcome.Accepted, 1L), (ack.Outcome, ack.Version));
        var history = await Fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = unit, Year = year }, CityOffice);
        Assert.Equal([(1L, RecordSource.Published), (1L, RecordSource.Submission)], history.Versions.Select(v => (v.Version, v.Source)));
        var effective = await Fixture.Submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = unit, Year = year }, CityOffice);
        Assert.Equal(RecordSource.Submission, effective.Info.Source);
        Assert.Equal(ReviewState.Submitted, effective.ReviewState);
        var record = await Fixture.Submissions.GetSubmissionAsync(
            new GetSubmissionRequest { UnitId = unit, Year = year, Version = 1, Source = RecordSource.Published }, CityOffice);
        Assert.Equal((RecordSource.Published, "420802-2023.txt"), (record.Info.Source, record.Info.PublishedSource.FileName));
        var after = (await Fixture.Queries.GetRollupAsync(new GetRollupRequest { UnitId = City, Year = year }, CityOffice)).Rollup;
        Assert.Equal((RecordSource.Submission, 1L, 0), (after.Contributing.Single(c => c.UnitId == unit).Source, after.Contributing.Single(c => c.UnitId == unit).Version, after.PublishedUnits));
        var compared = await Fixture.Queries.CompareAsync(new CompareRequest { UnitId = City, Year = year, Metric = "s3.new_requests.total" }, CityOffice);
        Assert.Equal(RecordSource.Submission, compared.Rows.Single(r => r.UnitId == unit).Source);
    }

    [Theory]
    [InlineData(2020)]
    [InlineData(2021)]
    [InlineData(2022)]
    [InlineData(2023)]
    public async Task Compare_NewRequests_OverBackfilledYears_GivesComparableYearOverYear(int year)
    {
        await Fixture.SamplesBackfilled;

        var response = await Fixture.Queries.CompareAsync(new CompareRequest { UnitId = City, Year = year, Metric = "s3.new_requests.total" }, CityOffice);

        foreach (var unit in new[] { "420802", "420804", "420881" })
        {
            var row = response.Rows.Single(r => r.UnitId == unit);
            var now = NewRequests(unit, year);
            var before = NewRequests(unit, year - 1);
            Assert.True(row.YoyComparable, $"{unit} {year}");
            Assert.Equal(RecordSource.Published, row.Source);
            Assert.Equal((now.ToString(System.Globalization.CultureInfo.InvariantCulture), before.ToString(System.Globalization.CultureInfo.InvariantCulture), (now - before).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                (row.Value.Value, row.Previous.Value, row.YoyChange.Value));
        }
    }

    [Fact]
    public async Task Compare_TableTwoCell_In2021_IsNotComparableWith2020()
    {
        await Fixture.SamplesBackfilled;

        var response = await Fixture.Queries.CompareAsync(new CompareRequest { UnitId = City, Year = 2021, Metric = "s2.normative_documents.in_force" }, CityOffice);

        var rows = response.Rows.Where(r => r.Value is not null).ToList();
        Assert.Equal(["420802", "420804", "420881", "jingmen-zhanghe"], rows.Select(r => r.UnitId).Order());
        Assert.All(rows, r =>
        {
            Assert.False(r.YoyComparable, r.UnitId);
            Assert.Null(r.Previous);
            Assert.Null(r.YoyChange);
            Assert.Null(r.YoyChangeRate);
        });
        Assert.Equal("55", rows.Single(r => r.UnitId == "jingmen-zhanghe").Value.Value);
    }

    [Theory]
    [InlineData(2019, new[] { "420802", "420804", "420881" })]
    [InlineData(2021, new[] { "420802", "420804", "420881", "jingmen-zhanghe" })]
    [InlineData(2022, new[] { "420802", "420804", "420881", "420882" })]
    public async Task Rollup_OfABackfilledYear_ListsThePublishedContributors(int year, string[] units)
    {
        await Fixture.SamplesBackfilled;

        var rollup = (await Fixture.Queries.GetRollupAsync(new GetRollupRequest { UnitId = City, Year = year }, CityOffice)).Rollup;

        Assert.Equal(units, rollup.Contributing.Select(c => c.UnitId).Order(StringComparer.Ordinal));
        Assert.All(rollup.Contributing, c => Assert.Equal((RecordSource.Published, 1L, ReviewState.Published), (c.Source, c.Version, c.ReviewState)));
        Assert.Equal(units.Length, rollup.PublishedUnits);
        Assert.Equal(units.Length, rollup.ContributingUnits);
        Assert.Equal(8 - units.Length, rollup.MissingUnits);
        Assert.Equal(units.Sum(u => NewRequests(u, year)), rollup.Total.Requests.NewRequests.Total);
        Assert.Equal(year <= 2020 ? FormatVersion._2019 : FormatVersion._2021, rollup.Total.Format);
    }

    [Fact]
    public async Task Backfill_WithADistrictToken_IsPermissionDenied_AndNothingIsStored()
    {
        const int year = 2040;
        var request = BackfillServerFixture.DocumentRequest(Sample("420804-2023.txt"), year: year);

        var own = await Assert.ThrowsAsync<RpcException>(() => Fixture.Submissions.BackfillAsync(request, Fixture.As("420804", Roles.District)).ResponseAsync);
        var streamed = await Fixture.BackfillStreamAsync([Sample("420804-2023.txt")], Fixture.As("420804", Roles.District));

        Assert.Equal(StatusCode.PermissionDenied, own.StatusCode);
        Assert.Equal((int)StatusCode.PermissionDenied, streamed["420804-2023.txt"].StatusCode);
        Assert.Empty((await Fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = "420804", Year = year }, CityOffice)).Versions);
    }

    [Fact]
    public async Task Backfill_WithACityToken_WorksInItsSubtreeOnly()
    {
        const int year = 2041;
        var file = Sample("420881-2023.txt");

        var inside = await Fixture.Submissions.BackfillAsync(BackfillServerFixture.DocumentRequest(file, "jingmen-qujialing", year), CityOffice);
        var province = await Assert.ThrowsAsync<RpcException>(() =>
            Fixture.Submissions.BackfillAsync(BackfillServerFixture.DocumentRequest(file, "42", year), CityOffice).ResponseAsync);
        var byProvince = await Fixture.Submissions.BackfillAsync(BackfillServerFixture.DocumentRequest(file, "420822", year), Fixture.As("42", Roles.Province));

        Assert.Equal((1L, false), (inside.Version, inside.Replayed));
        Assert.Equal(StatusCode.PermissionDenied, province.StatusCode);
        Assert.Equal(1, byProvince.Version);
    }

    private static long NewRequests(string unit, int year)
    {
        var file = SamplesDirectory.Files().Single(f => SamplesDirectory.UnitYear(f) == (unit, year));
        return Imported(file).Requests.NewRequests.Total;
    }
}

public sealed class RedisBackfillServerTests(RedisBackfillFixture fixture) : BackfillServerTests<RedisBackfillFixture>(fixture), IClassFixture<RedisBackfillFixture>;

public sealed class GarnetBackfillServerTests(GarnetBackfillFixture fixture) : BackfillServerTests<GarnetBackfillFixture>(fixture), IClassFixture<GarnetBackfillFixture>;
