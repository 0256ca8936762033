using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Security;
using Aggregator.Testing;
using Aggregator.Server.Registry;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Server.Tests;

/// <summary>
/// Region changes (区划调整) through the real server, on both stores: past-year rollups and status
/// over that year's tree, and a renamed or merged district's figures followed to its predecessors.
/// </summary>
public abstract class RegionChangeServerTests<TFixture>(TFixture fixture)
    where TFixture : ServerFixture
{
    /// <summary>The registry with region changes (<see cref="RegionChangeRegistry.Yaml"/>).</summary>
    public const string Registry = RegionChangeRegistry.Yaml;

    private const string City = "4208";

    protected TFixture Fixture { get; } = fixture;

    private QueryService.QueryServiceClient Queries => new(Fixture.Channel);

    private CallOptions CityOffice => Fixture.As(City, Roles.City);

    private async Task<AnnualReport> SubmitAsync(string unit, int year, int seed)
    {
        var report = SyntheticReports.Create(new UnitId(unit), new ReportYear(year), new Random(seed));
        var response = await Fixture.Submissions.SubmitAsync(
            new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = Guid.NewGuid().ToString("N") },
            Fixture.As(unit, Roles.District));
        Assert.Equal(AckOutcome.Accepted, response.Acknowledgement.Outcome);
        return report;
    }

    private async Task<Rollup> RollupAsync(string unit, int year) =>
        (await Queries.GetRollupAsync(new GetRollupRequest { UnitId = unit, Year = year }, CityOffice)).Rollup;

    private static Figures Sum(params AnnualReport[] reports)
    {
        var acc = new RollupAccumulator();
        foreach (var report in reports)
        {
            acc.Add(report);
        }

        return acc.ToFigures();
    }

    private static Figures FiguresOf(Rollup rollup) => ReportMapper.ToDomain(rollup.Total).Report!.Figures;

    [Fact]
    public async Task Rollup_PastYearAfterMerge_UsesThatYearsTree()
    {
        await SubmitAsync("old-a", 2020, 11);
        await SubmitAsync("old-b", 2020, 12);
        await SubmitAsync("420802", 2020, 13);
        await SubmitAsync("new-ab", 2024, 14);

        var before = await RollupAsync(City, 2020);
        var after = await RollupAsync(City, 2024);

        // 2020: the units valid then; the merged 新城区 and the later 掇刀区/漳河新区 are not expected.
        string[] units2020 = ["420802", "old-a", "old-b", "jiu", "big"];
        Assert.Equal(5, before.ExpectedUnits);
        Assert.Equal(units2020.Order(), before.Contributing.Select(c => c.UnitId).Concat(before.Missing.Select(m => m.UnitId)).Order());
        Assert.Subset(before.Contributing.Select(c => c.UnitId).ToHashSet(), new HashSet<string> { "old-a", "old-b", "420802" });
        Assert.Empty(before.RegionNotes);

        // 2024: 老城区 and 东区 are gone, not missing.
        string[] units2024 = ["420802", "new-ab", "duodao", "big", "zhanghe"];
        Assert.Equal(5, after.ExpectedUnits);
        Assert.Equal(units2024.Order(), after.Contributing.Select(c => c.UnitId).Concat(after.Missing.Select(m => m.UnitId)).Order());
        Assert.Contains(after.Contributing, c => c.UnitId == "new-ab");

        var status2020 = (await new StatusService.StatusServiceClient(Fixture.Channel).GetStatusAsync(
            new GetStatusRequest { UnitId = City, Year = 2020 }, CityOffice)).Summary;
        Assert.Equal(units2020.Order(), status2020.Units.Select(u => u.UnitId).Order());
        Assert.Equal(5, status2020.Expected);
    }

    [Fact]
    public async Task Rollup_MergedDistrictBeforeTheMerge_IsTheSumOfItsPredecessorsWithANote()
    {
        var a = await SubmitAsync("old-a", 2019, 21);
        var b = await SubmitAsync("old-b", 2019, 22);

        var rollup = await RollupAsync("new-ab", 2019);

        Assert.Equal(Sum(a, b), FiguresOf(rollup));
        Assert.Equal(2, rollup.ContributingUnits);
        Assert.Equal("new-ab", rollup.Total.UnitId);
        var note = Assert.Single(rollup.RegionNotes);
        Assert.Equal("new-ab", note.UnitId);
        Assert.Equal("2021 年及以前为老城区、东区之和(2022 年合并为新城区)", note.TextZh);
    }

    [Fact]
    public async Task FiveYearLine_RenamedDistrict_UsesThePredecessorBeforeTheRename()
    {
        var reports = new Dictionary<int, AnnualReport>
        {
            [2017] = await SubmitAsync("jiu", 2017, 31),
            [2018] = await SubmitAsync("jiu", 2018, 32),
            [2020] = await SubmitAsync("jiu", 2020, 33),
            [2021] = await SubmitAsync("duodao", 2021, 34),
        };

        foreach (var year in Enumerable.Range(2017, 5))
        {
            var rollup = await RollupAsync("duodao", year);
            if (reports.TryGetValue(year, out var report))
            {
                Assert.Equal(Sum(report), FiguresOf(rollup));
                Assert.Equal(1, rollup.ContributingUnits);
            }
            else
            {
                Assert.Equal(0, rollup.ContributingUnits);
                Assert.Equal(["jiu"], rollup.Missing.Select(m => m.UnitId));
            }

            Assert.Equal(year < 2021 ? ["2020 年及以前为旧区(2021 年更名为掇刀区)"] : [], rollup.RegionNotes.Select(n => n.TextZh));
        }
    }

    [Fact]
    public async Task Compare_YearAfterMergeAndSplit_FollowsPredecessorsAndSaysSo()
    {
        var a = await SubmitAsync("old-a", 2021, 41);
        var b = await SubmitAsync("old-b", 2021, 42);
        await SubmitAsync("big", 2021, 43);
        await SubmitAsync("new-ab", 2022, 44);
        await SubmitAsync("zhanghe", 2022, 45);

        var response = await Queries.CompareAsync(new CompareRequest { UnitId = City, Year = 2022, Metric = "s3.new_requests.total" }, CityOffice);

        var rows = response.Rows.ToDictionary(r => r.UnitId);
        Assert.Equal(["420802", "big", "duodao", "new-ab", "zhanghe"], rows.Keys.Order());
        Assert.Equal(Domain.Cells.ExactDecimal.Format(Sum(a, b)[Domain.Cells.CellCatalog.Get("s3.new_requests.total")]!.Value), rows["new-ab"].Previous.Value);
        Assert.Equal("Until 2021: the sum of \"老城区\", \"东区\" (merged into \"新城区\" in 2022)", Assert.Single(rows["new-ab"].RegionNotes).TextEn);
        Assert.Null(rows["zhanghe"].Previous);
        Assert.Equal("漳河新区于 2022 年自大区析出设立,数据自 2022 年起", Assert.Single(rows["zhanghe"].RegionNotes).TextZh);
        Assert.Empty(rows["big"].RegionNotes);
        Assert.NotNull(rows["big"].Previous);
    }

    [Fact]
    public async Task Rollup_RegistryChangedSinceTheDigestWasCached_CountsTheNewTree()
    {
        await SubmitAsync("big", 2016, 51);
        Assert.Equal(5, (await RollupAsync(City, 2016)).ExpectedUnits); // cached under the registry as loaded

        // The same store read with a registry that gained a district valid in 2016 (no write since).
        var changed = RegistryLoader.Parse(Registry + "\n      - { id: added, name: 新增区, level: district }\n");
        var engine = new Queries.RollupEngine(changed, Fixture.App.Services.GetRequiredService<IReportStore>());
        var rollup = await engine.GetRollupAsync(changed.Get(new UnitId(City)), new ReportYear(2016), VersionPolicy.Unspecified, UnitListing.Full, default);

        Assert.Equal(6, rollup.ExpectedUnits);
        Assert.Contains(rollup.Missing, m => m.UnitId == "added");
    }

    [Fact]
    public async Task Submit_ForAYearTheUnitWasNotValid_IsRefusedNamingUnitAndYear()
    {
        var report = SyntheticReports.Create(new UnitId("old-a"), new ReportYear(2023), new Random(71));

        var submit = await Assert.ThrowsAsync<RpcException>(() => Fixture.Submissions.SubmitAsync(
            new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = Guid.NewGuid().ToString("N") }, Fixture.As("old-a", Roles.District)).ResponseAsync);
        var backfill = await Assert.ThrowsAsync<RpcException>(() => Fixture.Submissions.BackfillAsync(
            new BackfillRequest { UnitId = "zhanghe", Year = 2020, Report = ReportMapper.ToProto(SyntheticReports.Create(new UnitId("zhanghe"), new ReportYear(2020), new Random(72))) },
            Fixture.As(City, Roles.City)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, submit.StatusCode);
        Assert.Equal("Unit 'old-a' was not a reporting unit in 2023 (see valid_from/valid_to in the registry); nothing was stored.", submit.Status.Detail);
        Assert.Equal(StatusCode.FailedPrecondition, backfill.StatusCode);
        Assert.Contains("Unit 'zhanghe' was not a reporting unit in 2020", backfill.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetUnit_WithYear_IsTheRegistryOfThatYear()
    {
        var registry = new RegistryService.RegistryServiceClient(Fixture.Channel);

        var then = await registry.GetUnitAsync(new GetUnitRequest { UnitId = City, Year = 2020 }, CityOffice);
        var now = await registry.GetUnitAsync(new GetUnitRequest { UnitId = City, Year = 2022 }, CityOffice);
        var merged = await registry.GetUnitAsync(new GetUnitRequest { UnitId = "new-ab" }, CityOffice);
        var gone = await Assert.ThrowsAsync<RpcException>(() => registry.GetUnitAsync(new GetUnitRequest { UnitId = "old-a", Year = 2023 }, CityOffice).ResponseAsync);

        Assert.Equal(["420802", "old-a", "old-b", "jiu", "big"], then.Children.Select(c => c.Id));
        Assert.Equal(["420802", "new-ab", "duodao", "big", "zhanghe"], now.Children.Select(c => c.Id));
        Assert.Equal(2022, merged.Unit.ValidFrom);
        Assert.Equal(["old-a", "old-b"], merged.Unit.Predecessors.Select(p => p.Id));
        Assert.All(merged.Unit.Predecessors, p => Assert.Equal(RegionChange.Merged, p.Change));
        Assert.Equal(StatusCode.NotFound, gone.StatusCode);

        // The same over HTTP/JSON: the year is a query parameter.
        using var http = new HttpClient { BaseAddress = new Uri(Fixture.WebAddress) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Fixture.Token(City, Roles.City));
        var json = Google.Protobuf.JsonParser.Default.Parse<GetUnitResponse>(await http.GetStringAsync($"/v1/units/{City}?year=2020"));
        Assert.Equal(then.Children.Select(c => c.Id), json.Children.Select(c => c.Id));
    }

    [Fact]
    public void OperationsGuide_RegistryExample_LoadsAndMeansWhatItSays()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "OPERATIONS.md"));
        var section = guide[guide.IndexOf("## The region registry and region changes", StringComparison.Ordinal)..];
        var start = section.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var yaml = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];

        var tree = RegistryLoader.Parse(yaml, "OPERATIONS.md");

        Assert.Equal(["420802", "420803", "420805", "420821"], tree.ForYear(2017).Get(new UnitId(City)).Children.Select(c => c.Id.Value));
        Assert.Equal(["420802", "420806", "420882", "jingmen-zhanghe"], tree.ForYear(2022).Get(new UnitId(City)).Children.Select(c => c.Id.Value));
        Assert.Equal(["420803", "420805"], tree.LineageOf(new UnitId("420806"), new ReportYear(2020)).Sources.Select(u => u.Id.Value));
        Assert.Equal("2021 年及以前为老城区、东区之和(2022 年合并为新城区)", Assert.Single(tree.LineageOf(new UnitId("420806"), new ReportYear(2020)).Notes).Zh);
        Assert.Equal("漳河新区于 2022 年自东宝区析出设立,数据自 2022 年起", Assert.Single(tree.LineageOf(new UnitId("jingmen-zhanghe"), new ReportYear(2021)).Notes).Zh);
        Assert.Equal("420821", Assert.Single(tree.LineageOf(new UnitId("420882"), new ReportYear(2017)).Sources).Id.Value);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Aggregator.sln) is not above " + AppContext.BaseDirectory);
    }
}

public sealed class RegionChangeRedisFixture : ServerFixture
{
    protected override bool UseRedisServer => true;

    protected override string? RegistryYaml => RegionChangeServerTests<RegionChangeRedisFixture>.Registry;
}

public sealed class RegionChangeGarnetFixture : ServerFixture
{
    protected override bool UseRedisServer => false;

    protected override string? RegistryYaml => RegionChangeServerTests<RegionChangeGarnetFixture>.Registry;
}

public sealed class RedisRegionChangeServerTests(RegionChangeRedisFixture fixture)
    : RegionChangeServerTests<RegionChangeRedisFixture>(fixture), IClassFixture<RegionChangeRedisFixture>;

public sealed class GarnetRegionChangeServerTests(RegionChangeGarnetFixture fixture)
    : RegionChangeServerTests<RegionChangeGarnetFixture>(fixture), IClassFixture<RegionChangeGarnetFixture>;
