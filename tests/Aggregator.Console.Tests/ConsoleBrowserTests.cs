using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Security;
using Aggregator.Server.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aggregator.Console.Tests;

/// <summary>
/// The console in Debian's Chromium against the real server on the embedded store: what a city office
/// and a district clerk see and do. Every wait is one of Playwright's auto-waiting expectations.
/// Each test works on its own year so that the tests of the class do not see each other's writes.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ConsoleBrowserTests(ConsoleFixture fixture)
{
    private const string City = "4208";

    [Fact]
    public async Task SignInLink_ShowsWhoYouAre_AndTheTokenLeavesTheAddressBar()
    {
        var page = await fixture.SignedInPageAsync(City, Roles.City);

        await Expect(page.Locator("#whoami")).ToContainTextAsync("荆门市");
        await Expect(page.Locator("#whoami")).ToContainTextAsync("东宝区");
        Assert.DoesNotContain("token=", page.Url, StringComparison.Ordinal);
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("document.documentElement.lang"));
        await ConsoleFixture.ScreenshotAsync(page, "signin-1280x800");
    }

    [Fact]
    public async Task MessageCatalogues_HaveEveryKeyInBothLanguages()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/signin");

        var missing = await page.EvaluateAsync<string[]>("""
            async () => {
              const { catalogues } = await import('/js/i18n.js');
              const langs = Object.keys(catalogues);
              const keys = new Set(langs.flatMap((l) => Object.keys(catalogues[l])));
              return [...keys].flatMap((k) => langs.filter((l) => !(k in catalogues[l]) || !catalogues[l][k] && k.indexOf('UNSPECIFIED') < 0).map((l) => `${l}: ${k}`));
            }
            """);

        Assert.Empty(missing);
        Assert.Equal(["en", "zh-CN"], (await page.EvaluateAsync<string[]>("async () => Object.keys((await import('/js/i18n.js')).catalogues)")).Order());
    }

    [Theory]
    [InlineData("FORMAT_VERSION_2021", ReportFormat.V2021)]
    [InlineData("FORMAT_VERSION_2019", ReportFormat.V2019)]
    public async Task TableLayout_HasEveryCellOfTheCatalog_WithItsNationalLabels(string format, ReportFormat domainFormat)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/signin");

        var json = await page.EvaluateAsync<JsonElement>(
            "async (f) => (await import('/js/layout.js')).cellsOf(f).map((c) => ({ path: c.path, row: c.rowZh, column: c.columnZh }))", format);
        var console = json.EnumerateArray().ToDictionary(c => c.GetProperty("path").GetString()!, c => (Row: c.GetProperty("row").GetString(), Column: c.GetProperty("column").GetString()));
        var catalog = CellCatalog.ForFormat(domainFormat).Where(c => c.Section is Sections.S2Proactive or Sections.S3Requests or Sections.S4Review).ToList();

        Assert.Equal(catalog.Select(c => c.Path).Order(StringComparer.Ordinal), console.Keys.Order(StringComparer.Ordinal));
        foreach (var cell in catalog)
        {
            var (row, column) = console[cell.Path];
            Assert.True(cell.RowLabelZh == row, $"{cell.Path}: row label {row}, catalog {cell.RowLabelZh}");
            var printed = cell.Path == "s2.administrative_fees.amount" ? "本年收费金额(单位:万元)" : cell.ColumnLabelZh;
            Assert.True(printed == column, $"{cell.Path}: column label {column}, catalog {printed}");
        }
    }

    [Fact]
    public async Task Comparability_OfTheConsole_IsTheDomainRule_OnEveryPath()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync("/#/signin");
        var paths = CellCatalog.ForFormat(ReportFormat.V2021).Concat(CellCatalog.ForFormat(ReportFormat.V2019)).Select(c => c.Path)
            .Concat(["disclosure_rate", "withholding_rate", "reconsideration_correction_rate"]).Distinct().ToArray();
        var formats = new[] { (ReportFormat.V2019, "FORMAT_VERSION_2019"), (ReportFormat.V2021, "FORMAT_VERSION_2021") };

        var console = await page.EvaluateAsync<bool[]>(
            "async ([paths, formats]) => { const { comparable } = await import('/js/layout.js'); return paths.flatMap((p) => formats.flatMap((a) => formats.map((b) => comparable(p, a, b)))); }",
            new object[] { paths, formats.Select(f => f.Item2).ToArray() });

        var expected = paths.SelectMany(p => formats.SelectMany(a => formats.Select(b => Comparability.IsComparable(p, a.Item1, b.Item1)))).ToArray();
        Assert.Equal(expected.Length, console.Length);
        var differing = Enumerable.Range(0, expected.Length).Where(i => expected[i] != console[i]).Select(i => paths[i / 4]).Distinct().ToList();
        Assert.Empty(differing);
        Assert.Contains(false, expected);
    }

    [Fact]
    public async Task City_RollupPage_ShowsTheFiguresOfGetRollup_InEveryCell()
    {
        const int Year = 2021;
        await SubmitAsync(TestReports.Zhanghe2021("jingmen-zhanghe", Year), "jingmen-zhanghe");
        var other = TestReports.Zhanghe2021("420802", Year);
        other.ProactiveDisclosure.AdministrativeFeesAmount.Value = "0.000001";
        other.ProactiveDisclosure.AdministrativeLicensingDecisions = 12;
        await SubmitAsync(other, "420802");
        var rollup = (await fixture.Queries.GetRollupAsync(new GetRollupRequest { UnitId = City, Year = Year }, fixture.As(City, Roles.City))).Rollup;
        var total = ReportMapper.ToDomain(rollup.Total).Report!;

        var page = await fixture.SignedInPageAsync(City, Roles.City);
        await page.GotoAsync($"/#/rollup?unit={City}&year={Year}");

        await Expect(page.Locator("#contributing-count")).ToHaveTextAsync($"2 / {rollup.ExpectedUnits}");
        await Expect(page.Locator("td[data-cell='s2.administrative_fees.amount']")).ToHaveTextAsync("7.522001");
        var shown = await page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('td[data-cell]')].map((td) => [td.dataset.cell, td.textContent]))");
        var cells = CellCatalog.ForFormat(ReportFormat.V2021).Where(c => c.Section is Sections.S2Proactive or Sections.S3Requests or Sections.S4Review)
            .Where(c => !c.Path.StartsWith("s3.other_handling.total.", StringComparison.Ordinal)).ToList();
        Assert.Equal(25 * 7 + 10 + 15, cells.Count);
        foreach (var cell in cells)
        {
            Assert.True(shown.TryGetValue(cell.Path, out var text), $"{cell.Path} is not on the page");
            var expected = total.Figures[cell.Id];
            var actual = text == "—" ? (decimal?)null : decimal.Parse(text!, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            Assert.True(expected == actual, $"{cell.Path}: page {text}, GetRollup {expected}");
        }

        await Expect(page.Locator("#contributing li[data-unit='jingmen-zhanghe']")).ToContainTextAsync("漳河新区");
        await Expect(page.Locator("#missing li")).ToHaveCountAsync(rollup.MissingUnits);
        await ConsoleFixture.ScreenshotAsync(page, "rollup-1280x800");

        var phone = await fixture.SignedInPageAsync(City, Roles.City, 390, 844);
        await phone.GotoAsync($"/#/rollup?unit={City}&year={Year}");
        await Expect(phone.Locator("td[data-cell='s3.results_total.total']")).ToHaveTextAsync("0");
        await ConsoleFixture.ScreenshotAsync(phone, "rollup-390x844");
    }

    [Fact]
    public async Task DistrictSubmits_StatusPageChanges_WithoutReload()
    {
        const int Year = 2022;
        var page = await fixture.SignedInPageAsync(City, Roles.City);
        await page.GotoAsync($"/#/status?unit={City}&year={Year}");
        await Expect(page.Locator("[data-count='submitted'] .v")).ToHaveTextAsync("0");
        await Expect(page.Locator("#live")).ToHaveClassAsync("live on");
        await Expect(page.Locator("#deadline")).ToHaveTextAsync("2023-03-31");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");

        await SubmitAsync(TestReports.Zhanghe2021("420804", Year), "420804");

        await Expect(page.Locator("[data-count='submitted'] .v")).ToHaveTextAsync("1");
        await Expect(page.Locator("#all-units tr[data-unit='420804']")).ToHaveAttributeAsync("data-status", "UNIT_STATUS_SUBMITTED");
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        await ConsoleFixture.ScreenshotAsync(page, "status-1280x800");

        var phone = await fixture.SignedInPageAsync(City, Roles.City, 390, 844);
        await phone.GotoAsync($"/#/status?unit={City}&year={Year}");
        await Expect(phone.Locator("[data-count='submitted'] .v")).ToHaveTextAsync("1");
        await ConsoleFixture.ScreenshotAsync(phone, "status-390x844");
    }

    [Fact]
    public async Task CityReturnsWithAReason_TheDistrictSeesTheReasonOnItsPage()
    {
        const int Year = 2023;
        const string District = "420881";
        const string Reason = "表三第一行总计与各列之和不符,请核实后重报";
        await SubmitAsync(TestReports.Zhanghe2021(District, Year), District);

        var city = await fixture.SignedInPageAsync(City, Roles.City);
        await city.GotoAsync($"/#/review?year={Year}");
        await city.Locator($"#queue li[data-unit='{District}'] a").ClickAsync();
        await Expect(city.Locator("#review-state")).ToHaveAttributeAsync("data-review-state", "REVIEW_STATE_SUBMITTED");
        await city.Locator("#reason").FillAsync(Reason);
        await city.Locator("#return").ClickAsync();
        await Expect(city.Locator("#review-result [data-review-state]")).ToHaveAttributeAsync("data-review-state", "REVIEW_STATE_RETURNED");

        var district = await fixture.SignedInPageAsync(District, Roles.District);
        await district.GotoAsync($"/#/status?year={Year}");
        await Expect(district.Locator("#return-reason")).ToContainTextAsync(Reason);
        await ConsoleFixture.ScreenshotAsync(district, "returned-district-1280x800");
    }

    [Fact]
    public async Task UploadWithAWrongTotal_PreviewMarksTheFindingOnThatCell_AndStoresNothing()
    {
        const int Year = 2021;
        const string District = "420882";
        var text = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "zhanghe-2021.txt")))
            .Replace("一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 7 |", StringComparison.Ordinal);
        Assert.Contains("| 5 | 0 | 0 | 0 | 0 | 0 | 7 |", text, StringComparison.Ordinal);

        var page = await fixture.SignedInPageAsync(District, Roles.District);
        await page.GotoAsync($"/#/import?year={Year}");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "report-2021.txt", MimeType = "text/plain", Buffer = System.Text.Encoding.UTF8.GetBytes(text) });
        await page.Locator("#preview").ClickAsync();

        var cell = page.Locator("td[data-cell='s3.new_requests.total']");
        await Expect(cell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bfinding\b"));
        await Expect(cell).ToHaveTextAsync("7");
        await Expect(cell).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("A3.row_total"));
        await Expect(page.Locator("#preview-findings li[data-rule='A3.row_total']")).ToContainTextAsync("5");
        await ConsoleFixture.ScreenshotAsync(page, "import-preview-1280x800");

        var versions = await fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = District, Year = Year }, fixture.As(District, Roles.District));
        Assert.Empty(versions.Versions);
    }

    [Fact]
    public async Task ImportPage_DownloadsTheUnitsExcelTemplate()
    {
        var page = await fixture.SignedInPageAsync("420802", Roles.District);
        await page.GotoAsync("/#/import?year=2021");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#template").ClickAsync());

        Assert.Equal("template-420802-2021.xlsx", download.SuggestedFilename);
        var path = await download.PathAsync();
        using var package = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(path, false);
        Assert.Contains(package.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>(), s => s.Name == Aggregator.Export.TemplateWorkbook.MetaSheet);
    }

    [Fact]
    public async Task District_CannotOpenAnotherDistrict_PageSaysSo_AndTheApiAnswers403()
    {
        var page = await fixture.SignedInPageAsync("420802", Roles.District);
        await page.GotoAsync("/#/rollup?unit=420804&year=2021");

        await Expect(page.Locator("[data-error='denied']")).ToContainTextAsync("无权访问");

        using var http = new HttpClient { BaseAddress = new Uri(fixture.WebAddress) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/units/420804/years/2021/rollup");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Server.Token("420802", Roles.District));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task DistrictSubmits_RollupPageChanges_WithoutReload()
    {
        const int Year = 2024;
        var page = await fixture.SignedInPageAsync(City, Roles.City);
        await page.GotoAsync($"/#/rollup?unit={City}&year={Year}");
        var expected = (await fixture.Queries.GetRollupAsync(new GetRollupRequest { UnitId = City, Year = Year }, fixture.As(City, Roles.City))).Rollup.ExpectedUnits;
        await Expect(page.Locator("#contributing-count")).ToHaveTextAsync($"0 / {expected}");
        await Expect(page.Locator("#live")).ToHaveClassAsync("live on");
        await Expect(page.Locator("#missing li")).ToHaveCountAsync(expected);
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");

        var report = TestReports.Zhanghe2021("420822", Year);
        report.ProactiveDisclosure.AdministrativeLicensingDecisions = 31;
        await SubmitAsync(report, "420822");

        await Expect(page.Locator("#contributing-count")).ToHaveTextAsync($"1 / {expected}");
        await Expect(page.Locator("td[data-cell='s2.administrative_licensing.decisions']")).ToHaveTextAsync("31");
        await Expect(page.Locator("#contributing li[data-unit='420822']")).ToContainTextAsync("沙洋县");
        await Expect(page.Locator("#missing li")).ToHaveCountAsync(expected - 1);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
    }

    [Fact]
    public async Task Compare_RanksTheDistricts_AndShowsTheFormatChangeAsNotComparable()
    {
        const int Year = 2025;
        const string Metric = "s2.administrative_licensing.decisions";
        Assert.False(Comparability.IsComparable(Metric, ReportFormat.V2019, ReportFormat.V2021));
        foreach (var (unit, decisions) in new[] { ("420802", 5L), ("420804", 40L), ("420881", 12L) })
        {
            var report = TestReports.Zhanghe2021(unit, Year);
            report.ProactiveDisclosure.AdministrativeLicensingDecisions = decisions;
            await SubmitAsync(report, unit);
        }

        var page = await fixture.SignedInPageAsync(City, Roles.City);
        await page.GotoAsync($"/#/compare?unit={City}&year={Year}&metric={Metric}");

        var rows = page.Locator("#compare-table tbody tr");
        await Expect(rows.First).ToHaveAttributeAsync("data-unit", "420804");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-unit", "420881");
        await Expect(rows.Nth(2)).ToHaveAttributeAsync("data-unit", "420802");
        await Expect(page.Locator("#compare-table tr[data-unit='420804'] td").Nth(2)).ToHaveTextAsync("40");
        await Expect(page.Locator("#bars svg rect")).ToHaveCountAsync(3);

        // Five years from 2021: all comparable. From 2022 back to 2018, table 二 of the 2019 format means something else.
        await Expect(page.Locator("#trend td[data-year]")).ToHaveCountAsync(5);
        await Expect(page.Locator("#trend td[data-year='2021']")).Not.ToHaveTextAsync("不可比");
        await page.GotoAsync($"/#/compare?unit={City}&year=2022&metric={Metric}");
        await Expect(page.Locator("#trend td[data-year='2020']")).ToHaveTextAsync("不可比");
        await Expect(page.Locator("#trend td[data-year='2018']")).ToHaveTextAsync("不可比");
        await Expect(page.Locator("#trend td[data-year='2021']")).Not.ToHaveTextAsync("不可比");
    }

    [Fact]
    public async Task LanguageSwitch_TurnsThePageIntoEnglish_AndBack()
    {
        var page = await fixture.SignedInPageAsync(City, Roles.City);
        await page.GotoAsync($"/#/rollup?unit={City}&year=2021");
        await Expect(page.Locator("#rollup-title")).ToContainTextAsync("汇总");
        await Expect(page.Locator("#nav a[data-page='compare']")).ToHaveTextAsync("对比");

        await page.Locator("#lang").ClickAsync();

        await Expect(page.Locator("#rollup-title")).ToContainTextAsync("Rollup");
        await Expect(page.Locator("#nav a[data-page='compare']")).ToHaveTextAsync("Compare");
        await Expect(page.Locator("#lang")).ToHaveTextAsync("中文");
        Assert.Equal("en", await page.EvaluateAsync<string>("document.documentElement.lang"));
        // The national labels of the tables stay Chinese: they are the printed format.
        await Expect(page.Locator("td[data-cell='s3.new_requests.total']")).ToBeVisibleAsync();

        await page.Locator("#lang").ClickAsync();
        await Expect(page.Locator("#nav a[data-page='compare']")).ToHaveTextAsync("对比");
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("document.documentElement.lang"));
    }

    [Fact]
    public async Task Review_ShowsWhatChangedBetweenTwoVersions()
    {
        const int Year = 2026;
        const string District = "jingmen-qujialing";
        var first = TestReports.Zhanghe2021(District, Year);
        first.ProactiveDisclosure.AdministrativeLicensingDecisions = 7;
        await SubmitAsync(first, District, "v1");
        var second = TestReports.Zhanghe2021(District, Year);
        second.ProactiveDisclosure.AdministrativeLicensingDecisions = 9;
        await SubmitAsync(second, District, "v2");

        var page = await fixture.SignedInPageAsync(City, Roles.City);
        await page.GotoAsync($"/#/review?unit={District}&year={Year}");

        await Expect(page.Locator("#versions tr[data-version]")).ToHaveCountAsync(2);
        var change = page.Locator("#changes tr[data-cell='s2.administrative_licensing.decisions']");
        await Expect(change).ToContainTextAsync("7");
        await Expect(change).ToContainTextAsync("9");
        await Expect(page.Locator("#changes tr[data-cell]")).ToHaveCountAsync(1);
        await Expect(page.Locator("td[data-cell='s2.administrative_licensing.decisions']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bchanged\b"));
    }

    [Fact]
    public async Task AuditPage_ListsTheSubmission_VerifiesTheChain_AndFindsAnEntryEditedInTheStore()
    {
        const int Year = 2027;
        const string District = "420881";
        await SubmitAsync(TestReports.Zhanghe2021(District, Year), District, "audit-page-1");

        var city = await fixture.SignedInPageAsync(City, Roles.City);
        await city.GotoAsync($"/#/audit?year={Year}");
        var submitted = city.Locator("#audit tr[data-action='AUDIT_ACTION_SUBMIT']").Filter(new LocatorFilterOptions { HasText = District });
        await Expect(submitted).ToHaveCountAsync(1);
        await Expect(submitted).ToContainTextAsync("填报");
        await Expect(submitted).ToContainTextAsync("audit-page-1");
        await Expect(submitted).ToContainTextAsync("v1");
        await city.Locator("#audit-verify-button").ClickAsync();
        await Expect(city.Locator("#audit-verify [data-intact]")).ToHaveAttributeAsync("data-intact", "true");
        await ConsoleFixture.ScreenshotAsync(city, "audit-1280x800");

        // An edit with a raw client: the entry's text changed, its stored hash kept.
        var store = fixture.Server.App.Services.GetRequiredService<Aggregator.Storage.IAuditStore>();
        var key = Aggregator.Storage.Redis.RedisKeys.Audit(store.AuditTrailOf(District, Year));
        var db = fixture.Server.Store.Multiplexer.GetDatabase();
        var seq = await submitted.GetAttributeAsync("data-seq");
        var original = (string)(await db.HashGetAsync(key, seq))!;
        await db.HashSetAsync(key, seq, original.Replace("audit-page-1", "audit-page-X", StringComparison.Ordinal));
        await city.Locator("#audit-verify-button").ClickAsync();
        await Expect(city.Locator("#audit-verify [data-intact]")).ToHaveAttributeAsync("data-intact", "false");
        await Expect(city.Locator("#audit-verify [data-intact]")).ToHaveAttributeAsync("data-problem-seq", seq!);
        await Expect(city.Locator("#audit-verify")).ToContainTextAsync($"第 {seq} 条记录被改动");
        await db.HashSetAsync(key, seq, original);

        // The district sees its own entry, cannot check the city's chain, and cannot read another district's trail.
        var district = await fixture.SignedInPageAsync(District, Roles.District);
        await district.GotoAsync($"/#/audit?year={Year}");
        await Expect(district.Locator("#audit tr[data-action='AUDIT_ACTION_SUBMIT']")).ToHaveCountAsync(1);
        await Expect(district.Locator("#audit-verify-button")).ToHaveCountAsync(0);
        await district.GotoAsync($"/#/audit?unit=420882&year={Year}");
        await Expect(district.Locator("[data-error='denied']")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task District_UploadsItsFilledExcelTemplate_PreviewsIt_AndSubmitsTheSameFigures()
    {
        const int Year = 2027;
        const string District = "420804";
        var source = ReportMapper.ToDomain(TestReports.Zhanghe2021(District, Year)).Report!;
        var values = source.Figures.ToDictionary(f => f.Key.Path, f => ExactDecimal.Format(f.Value), StringComparer.Ordinal);
        values["s2.administrative_licensing.decisions"] = "12";
        var filled = Aggregator.Testing.TemplateFiller.Fill(Aggregator.Export.TemplateWorkbook.Create(District, Year).Content, values);

        var page = await fixture.SignedInPageAsync(District, Roles.District);
        await page.GotoAsync($"/#/import?year={Year}");
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "掇刀区年报.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = filled });
        await page.Locator("#preview").ClickAsync();

        await Expect(page.Locator("#detected")).ToContainTextAsync("IMPORT_FILE_FORMAT_XLSX");
        await Expect(page.Locator("td[data-cell='s2.administrative_licensing.decisions']")).ToHaveTextAsync("12");
        await page.Locator("#submit").ClickAsync();
        await Expect(page.Locator("#import-result [data-stored]")).ToHaveAttributeAsync("data-stored", "1");

        var stored = await fixture.Submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = District, Year = Year }, fixture.As(District, Roles.District));
        var figures = ReportMapper.ToDomain(stored.Report).Report!.Figures.ToDictionary(f => f.Key.Path, f => ExactDecimal.Format(f.Value), StringComparer.Ordinal);
        Assert.Equal(values.OrderBy(v => v.Key, StringComparer.Ordinal), figures.OrderBy(v => v.Key, StringComparer.Ordinal));
    }

    private async Task SubmitAsync(Report report, string unitId, string? key = null)
    {
        var ack = (await fixture.Submissions.SubmitAsync(new SubmitRequest { Report = report, IdempotencyKey = key ?? $"{unitId}-{report.Year}" }, fixture.As(unitId, Roles.District))).Acknowledgement;
        Assert.Equal(AckOutcome.Accepted, ack.Outcome);
    }
}
