using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Security;
using static Microsoft.Playwright.Assertions;

namespace Aggregator.Console.Tests;

/// <summary>The compare page over a registry with region changes (区划调整): the five-year line and the table follow a renamed district, and say so.</summary>
public sealed class RegionChangeConsoleTests(RegionChangeConsoleFixture fixture) : IClassFixture<RegionChangeConsoleFixture>
{
    private const string City = "4208";
    private const string Metric = "s3.new_requests.total";

    [Fact]
    public async Task Compare_RenamedDistrict_FiveYearLineUsesThePredecessorWithANote()
    {
        var before = await SubmitAsync("jiu", 2020, 61);
        var after = await SubmitAsync("duodao", 2021, 62);

        var page = await fixture.SignedInPageAsync(City, Roles.City);
        await page.GotoAsync($"/#/compare?unit={City}&year=2021&metric={Metric}&trend=duodao");

        await Expect(page.Locator("#trend td[data-year='2020']")).ToHaveTextAsync(ValueOf(before));
        await Expect(page.Locator("#trend td[data-year='2021']")).ToHaveTextAsync(ValueOf(after));
        await Expect(page.Locator("#trend-notes li")).ToHaveTextAsync("区划调整 · 掇刀区: 2020 年及以前为旧区(2021 年更名为掇刀区)");
        await Expect(page.Locator("#compare-table tr[data-unit='duodao'] td").Nth(5)).ToHaveTextAsync(ValueOf(before));
        await Expect(page.Locator("#compare-notes li[data-unit='duodao']")).ToContainTextAsync("2020 年及以前为旧区");
        await ConsoleFixture.ScreenshotAsync(page, "compare-region-change-1280x800");

        await page.Locator("#lang").ClickAsync();
        await Expect(page.Locator("#trend-notes li")).ToHaveTextAsync("Region change · 掇刀区: Until 2020: \"旧区\" (renamed \"掇刀区\" in 2021)");
    }

    private static string ValueOf(AnnualReport report) =>
        ExactDecimal.Format(report.Figures[CellCatalog.Get(Metric, report.Format)]!.Value);

    private async Task<AnnualReport> SubmitAsync(string unit, int year, int seed)
    {
        var report = SyntheticReports.Create(new UnitId(unit), new ReportYear(year), new Random(seed));
        var ack = (await fixture.Submissions.SubmitAsync(
            new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = $"{unit}-{year}" }, fixture.As(unit, Roles.District))).Acknowledgement;
        Assert.Equal(AckOutcome.Accepted, ack.Outcome);
        return report;
    }
}
