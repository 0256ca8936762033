using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Queries;
using Aggregator.Security;
using Aggregator.Server.Web;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Server.Tests;

/// <summary>
/// The HTTP/JSON surface on the web endpoint (JSON transcoding of the gRPC services, the console's
/// static files, <c>/openapi.json</c>) through <see cref="HttpClient"/> against the real in-process
/// host on the embedded store: every route, figures equal to gRPC's, the same auth, tenant checks
/// and errors (google.rpc.Status JSON with the right HTTP status), live views streamed.
/// </summary>
public sealed class HttpJsonServerTests(GarnetServerFixture fixture) : IClassFixture<GarnetServerFixture>, IDisposable
{
    private const string City = "4208";
    private const string District = "420802";
    private const string OtherDistrict = "420804";

    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false)
        .WithTypeRegistry(TypeRegistry.FromMessages(Google.Rpc.BadRequest.Descriptor)));

    private readonly HttpClient _http = new() { BaseAddress = new Uri(fixture.WebAddress), Timeout = TimeSpan.FromSeconds(60) };

    private QueryService.QueryServiceClient Queries => new(fixture.Channel);

    private StatusService.StatusServiceClient Status => new(fixture.Channel);

    private CallOptions CityOffice => fixture.As(City, Roles.City);

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Unit_OwnAndById_EqualGrpc()
    {
        var registry = new RegistryService.RegistryServiceClient(fixture.Channel);

        var own = await GetAsync<GetUnitResponse>("/v1/unit", City, Roles.City);
        var byId = await GetAsync<GetUnitResponse>("/v1/units/" + District, City, Roles.City);

        Assert.Equal(await registry.GetUnitAsync(new GetUnitRequest(), CityOffice), own);
        Assert.Equal(await registry.GetUnitAsync(new GetUnitRequest { UnitId = District }, CityOffice), byId);
        Assert.Equal(8, own.Children.Count);
    }

    [Fact]
    public async Task Queries_OverJson_EqualGrpc_FieldsCamelCaseEnumsAsNames()
    {
        const int year = 2024;
        await SubmitGrpcAsync(Synthetic(District, year, 1));
        await SubmitGrpcAsync(Synthetic(OtherDistrict, year, 2));
        var u = $"/v1/units/{City}/years/{year}";

        var rollupJson = await GetStringAsync(u + "/rollup?policy=VERSION_POLICY_LATEST_SUBMITTED&unitListing=UNIT_LISTING_MISSING_ONLY", City, Roles.City);
        var rollup = s_parser.Parse<GetRollupResponse>(rollupJson);
        var compare = await GetAsync<CompareResponse>(u + "/compare?metric=s3.new_requests.total", City, Roles.City);
        var summary = await GetAsync<GetYearSummaryResponse>(u + "/summary", City, Roles.City);
        var status = await GetAsync<GetStatusResponse>(u + "/status", City, Roles.City);

        Assert.Equal(await Queries.GetRollupAsync(new GetRollupRequest
        {
            UnitId = City, Year = year, Policy = VersionPolicy.LatestSubmitted, UnitListing = UnitListing.MissingOnly,
        }, CityOffice), rollup);
        Assert.Equal(2, rollup.Rollup.ContributingUnits);
        Assert.Empty(rollup.Rollup.Contributing);
        Assert.Equal(await Queries.CompareAsync(new CompareRequest { UnitId = City, Year = year, Metric = "s3.new_requests.total" }, CityOffice), compare);
        Assert.Equal(await Queries.GetYearSummaryAsync(new GetYearSummaryRequest { UnitId = City, Year = year }, CityOffice), summary);
        Assert.Equal(await Status.GetStatusAsync(new GetStatusRequest { UnitId = City, Year = year }, CityOffice), status);
        using var document = JsonDocument.Parse(rollupJson);
        var r = document.RootElement.GetProperty("rollup");
        Assert.Equal("VERSION_POLICY_LATEST_SUBMITTED", r.GetProperty("policy").GetString());
        Assert.Equal(2, r.GetProperty("contributingUnits").GetInt32());
        Assert.Equal("FORMAT_VERSION_2021", r.GetProperty("total").GetProperty("format").GetString());
    }

    [Fact]
    public async Task Submission_SubmitReadVersionsReviewExportBackfill_OverJson()
    {
        const int year = 2025;
        var report = ReportMapper.ToProto(Synthetic(District, year, 3));
        var submitted = await PostAsync<SubmitResponse>("/v1/submissions",
            new SubmitRequest { Report = report, IdempotencyKey = "http-" + year }, District, Roles.District);
        Assert.Equal(AckOutcome.Accepted, submitted.Acknowledgement.Outcome);
        Assert.Equal(1, submitted.Acknowledgement.Version);

        var u = $"/v1/units/{District}/years/{year}";
        var stored = await GetAsync<GetSubmissionResponse>(u + "/submission?version=1", District, Roles.District);
        var versions = await GetAsync<ListVersionsResponse>(u + "/versions", City, Roles.City);
        var submissions = new SubmissionService.SubmissionServiceClient(fixture.Channel);
        Assert.Equal(await submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = District, Year = year, Version = 1 }, fixture.As(District, Roles.District)), stored);
        Assert.Equal(report, stored.Report);
        Assert.Equal(await submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = District, Year = year }, CityOffice), versions);

        var reviewed = await PostAsync<ReviewSubmissionResponse>(u + "/review",
            new ReviewSubmissionRequest { Decision = ReviewDecision.Return, Reason = "表三总计有误", Version = 1 }, City, Roles.City);
        Assert.Equal(ReviewState.Returned, reviewed.ReviewState);
        var returned = await GetAsync<GetSubmissionResponse>(u + "/submission", District, Roles.District);
        Assert.Equal("表三总计有误", returned.ReviewReason);

        var export = await PostAsync<ExportResponse>("/v1/export", new ExportRequest
        {
            Format = ExportFormat.Csv,
            Report = new GetSubmissionRequest { UnitId = District, Year = year },
        }, City, Roles.City);
        Assert.Equal(await Queries.ExportAsync(new ExportRequest
        {
            Format = ExportFormat.Csv,
            Report = new GetSubmissionRequest { UnitId = District, Year = year },
        }, CityOffice), export);
        Assert.NotEmpty(export.Content);

        var backfilled = await PostAsync<BackfillResponse>("/v1/backfill", new BackfillRequest
        {
            UnitId = OtherDistrict,
            Year = year,
            Document = new PublishedDocument { Content = ByteString.CopyFromUtf8(ZhangheText()), MediaType = "text/plain" },
        }, City, Roles.City);
        Assert.Equal(1, backfilled.Version);
    }

    [Fact]
    public async Task Submit_WrongTotal_400WithCellPathInDetails()
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/v1/submissions",
            new SubmitRequest { Report = TestReports.BrokenRequests(District, 2026), IdempotencyKey = "broken" }, District, Roles.District);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = s_parser.Parse<Google.Rpc.Status>(body);
        Assert.Equal((int)StatusCode.InvalidArgument, error.Code);
        var badRequest = Assert.Single(error.Details).Unpack<Google.Rpc.BadRequest>();
        Assert.Contains(badRequest.FieldViolations, v => v.Field == "s3.new_requests.total" && v.Description.StartsWith("A3.row_total: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DistrictReadingAnotherDistrict_403WithStatusJson()
    {
        foreach (var path in new[] { $"/v1/units/{OtherDistrict}", $"/v1/units/{OtherDistrict}/years/2021/rollup", $"/v1/units/{OtherDistrict}/years/2021/status" })
        {
            var (status, body) = await SendAsync(HttpMethod.Get, path, null, District, Roles.District);

            Assert.Equal(HttpStatusCode.Forbidden, status);
            var error = s_parser.Parse<Google.Rpc.Status>(body);
            Assert.Equal((int)StatusCode.PermissionDenied, error.Code);
            Assert.Contains(OtherDistrict, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NoOrBadToken_401WithStatusJson()
    {
        using var missing = await _http.GetAsync(new Uri($"/v1/units/{City}/years/2021/rollup", UriKind.Relative));
        using var bad = new HttpRequestMessage(HttpMethod.Get, "/v1/unit");
        bad.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-token");
        using var badResponse = await _http.SendAsync(bad);

        foreach (var response in new[] { missing, badResponse })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var error = s_parser.Parse<Google.Rpc.Status>(await response.Content.ReadAsStringAsync());
            Assert.Equal((int)StatusCode.Unauthenticated, error.Code);
            Assert.NotEmpty(error.Message);
        }
    }

    [Fact]
    public async Task UnknownUnit_403ForACity_404ForAdmin_BadYear_400()
    {
        var (denied, _) = await SendAsync(HttpMethod.Get, "/v1/units/nowhere/years/2021/rollup", null, City, Roles.City);
        var (notFound, _) = await SendAsync(HttpMethod.Get, "/v1/units/nowhere/years/2021/rollup", null, "42", Roles.Admin);
        var (badYear, _) = await SendAsync(HttpMethod.Get, $"/v1/units/{City}/years/1900/status", null, City, Roles.City);

        Assert.Equal(HttpStatusCode.Forbidden, denied);
        Assert.Equal(HttpStatusCode.NotFound, notFound);
        Assert.Equal(HttpStatusCode.BadRequest, badYear);
    }

    [Theory]
    [InlineData("status:watch")]
    [InlineData("rollup:watch")]
    public async Task Watch_StreamsEachUpdateAsItHappens_AndEndsWhenTheClientGoesAway(string watch)
    {
        var year = watch.StartsWith("status", StringComparison.Ordinal) ? 2027 : 2023;
        var notifier = fixture.App.Services.GetRequiredService<ChangeNotifier>();
        var before = notifier.ActiveWatchers;
        using (var request = Request(HttpMethod.Get, $"/v1/units/{City}/years/{year}/{watch}", null, City, Roles.City))
        using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

            // One JSON object a line, each flushed as it is written (read like fetch + ReadableStream does).
            var first = await reader.ReadLineAsync();
            await SubmitGrpcAsync(Synthetic(District, year, 4));
            var second = await reader.ReadLineAsync();

            if (watch.StartsWith("status", StringComparison.Ordinal))
            {
                Assert.Equal(0, s_parser.Parse<WatchStatusResponse>(first).Summary.Submitted);
                Assert.Equal(1, s_parser.Parse<WatchStatusResponse>(second).Summary.Submitted);
            }
            else
            {
                Assert.Equal(0, s_parser.Parse<WatchRollupResponse>(first).Rollup.ContributingUnits);
                Assert.Equal(1, s_parser.Parse<WatchRollupResponse>(second).Rollup.ContributingUnits);
            }

            Assert.True(notifier.ActiveWatchers > before);
        }

        // The client went away: the server's watch ends and unregisters.
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (notifier.ActiveWatchers > before)
        {
            await Task.Delay(20, wait.Token);
        }
    }

    [Fact]
    public async Task ImportPreview_WrongTotal_ShowsTheFindingOnItsCell_StoresNothing()
    {
        const int year = 2021;
        var text = ZhangheText().Replace("一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "一、本年新收政府信息公开申请数量 | 5 | 0 | 0 | 0 | 0 | 0 | 7 |", StringComparison.Ordinal);
        Assert.NotEqual(ZhangheText(), text);
        var request = new PreviewImportRequest { FileName = $"{District}-{year}.txt", Content = ByteString.CopyFromUtf8(text) };

        var preview = await PostAsync<PreviewImportResponse>("/v1/import:preview", request, District, Roles.District);

        Assert.Equal(District, preview.UnitId);
        Assert.Equal(year, preview.Year);
        Assert.Equal(ImportFileFormat.Text, preview.FileFormat);
        Assert.Empty(preview.Problems);
        Assert.Equal(5, preview.Report.Requests.NewRequests.NaturalPerson);
        Assert.True(preview.HasErrors);
        Assert.Contains(preview.Findings, f => f.RuleId == "A3.row_total" && f.Cells[0] == "s3.new_requests.total" && f.Severity == Severity.Error);
        var versions = await GetAsync<ListVersionsResponse>($"/v1/units/{District}/years/{year}/versions", District, Roles.District);
        Assert.Empty(versions.Versions);

        var grpc = await new ImportService.ImportServiceClient(fixture.Channel).PreviewImportAsync(request, fixture.As(District, Roles.District));
        Assert.Equal(grpc, preview);
    }

    [Fact]
    public async Task ImportPreview_MisspelledRowLabel_ImportsWithTheRowLabelWarning()
    {
        var text = ZhangheText();
        Assert.Contains("2.其他法律行政法规禁止公开 |", text, StringComparison.Ordinal);
        var request = new PreviewImportRequest
        {
            FileName = "report.txt",
            Content = ByteString.CopyFromUtf8(text.Replace("2.其他法律行政法规禁止公开 |", "2.其他法律行政止公开 |", StringComparison.Ordinal)),
            UnitId = District,
            Year = 2021,
        };

        var preview = await PostAsync<PreviewImportResponse>("/v1/import:preview", request, District, Roles.District);

        Assert.Empty(preview.Problems);
        Assert.NotNull(preview.Report);
        Assert.False(preview.HasErrors);
        var warning = Assert.Single(preview.Findings, f => f.RuleId == "I.row_label");
        Assert.Equal(Severity.Warning, warning.Severity);
        Assert.Equal("s3.withheld.prohibited_by_law.total", warning.Cells[0]);
    }

    [Fact]
    public async Task ImportPreview_AnotherDistrict_403_CityItsSubtree_Ok_Unparseable_Problems()
    {
        var request = new PreviewImportRequest { FileName = "report.txt", Content = ByteString.CopyFromUtf8(ZhangheText()), UnitId = OtherDistrict, Year = 2021 };

        var (denied, _) = await SendAsync(HttpMethod.Post, "/v1/import:preview", request, District, Roles.District);
        var city = await PostAsync<PreviewImportResponse>("/v1/import:preview", request, City, Roles.City);
        var garbage = await PostAsync<PreviewImportResponse>("/v1/import:preview",
            new PreviewImportRequest { FileName = "x.txt", Content = ByteString.CopyFromUtf8("nothing here"), Year = 2021 }, District, Roles.District);
        var (noYear, noYearBody) = await SendAsync(HttpMethod.Post, "/v1/import:preview",
            new PreviewImportRequest { FileName = "report.txt", Content = ByteString.CopyFromUtf8(ZhangheText()) }, District, Roles.District);

        Assert.Equal(HttpStatusCode.Forbidden, denied);
        Assert.Equal(OtherDistrict, city.UnitId);
        Assert.False(city.HasErrors);
        Assert.NotNull(city.Report);
        Assert.Null(garbage.Report);
        Assert.NotEmpty(garbage.Problems);
        Assert.Equal(District, garbage.UnitId);
        Assert.Equal(HttpStatusCode.BadRequest, noYear);
        Assert.Contains(s_parser.Parse<Google.Rpc.Status>(noYearBody).Details.Single().Unpack<Google.Rpc.BadRequest>().FieldViolations, v => v.Field == "year");
    }

    [Fact]
    public async Task Template_OwnUnit_IsItsWorkbookWithTheRegistryName_AnotherDistrict_403_BadYear_400()
    {
        var own = await GetAsync<GetTemplateResponse>($"/v1/units/{District}/years/2021/template", District, Roles.District);
        var (denied, _) = await SendAsync(HttpMethod.Get, $"/v1/units/{OtherDistrict}/years/2021/template", null, District, Roles.District);
        var (badYear, _) = await SendAsync(HttpMethod.Get, $"/v1/units/{District}/years/1900/template", null, City, Roles.City);
        var grpc = await new TemplateService.TemplateServiceClient(fixture.Channel).GetTemplateAsync(new GetTemplateRequest { UnitId = District, Year = 2021 }, CityOffice);

        Assert.Equal($"template-{District}-2021.xlsx", own.FileName);
        Assert.Equal(Aggregator.Export.TemplateWorkbook.Create(District, 2021).ContentType, own.ContentType);
        Assert.Equal(own.FileName, grpc.FileName);
        using (var package = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(own.Content.ToByteArray()), false))
        {
            var strings = package.WorkbookPart!.SharedStringTablePart!.SharedStringTable.InnerText;
            Assert.Contains("东宝区", strings, StringComparison.Ordinal);
            Assert.Contains(Aggregator.Export.TemplateWorkbook.ChecksSheet, package.WorkbookPart.Workbook.Sheets!.InnerXml, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Forbidden, denied);
        Assert.Equal(HttpStatusCode.BadRequest, badYear);
    }

    [Fact]
    public async Task OpenApi_ListsEveryRoute()
    {
        using var document = JsonDocument.Parse(await _http.GetStringAsync(new Uri("/openapi.json", UriKind.Relative)));
        var paths = document.RootElement.GetProperty("paths");

        string[] expected =
        [
            "/v1/unit", "/v1/units/{unitId}", "/v1/units/{unitId}/years/{year}/rollup", "/v1/units/{unitId}/years/{year}/rollup:watch",
            "/v1/units/{unitId}/years/{year}/compare", "/v1/units/{unitId}/years/{year}/summary", "/v1/export",
            "/v1/units/{unitId}/years/{year}/status", "/v1/units/{unitId}/years/{year}/status:watch",
            "/v1/units/{unitId}/years/{year}/submission", "/v1/units/{unitId}/years/{year}/versions",
            "/v1/units/{unitId}/years/{year}/review", "/v1/submissions", "/v1/backfill", "/v1/import:preview",
            "/v1/units/{unitId}/years/{year}/template",
        ];
        var actual = paths.EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.All(expected, e => Assert.Contains(e, actual));
        Assert.True(paths.GetProperty("/v1/submissions").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/units/{unitId}/years/{year}/rollup").TryGetProperty("get", out _));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/status/4208/2021")]
    public async Task Console_IndexServed_WithSecurityHeaders(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(WebEndpointExtensions.ContentSecurityPolicy, csp);
        Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task UnknownApiPath_404_NotTheConsole()
    {
        using var response = await _http.GetAsync(new Uri("/v1/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static AnnualReport Synthetic(string unit, int year, int seed) =>
        SyntheticReports.Create(new UnitId(unit), new ReportYear(year), new Random(seed));

    private static string ZhangheText() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "zhanghe-2021.txt"));

    private async Task SubmitGrpcAsync(AnnualReport report)
    {
        var ack = (await fixture.Submissions.SubmitAsync(
            new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = Guid.NewGuid().ToString("N") },
            fixture.As(report.Unit.Value, Roles.District))).Acknowledgement;
        Assert.Equal(AckOutcome.Accepted, ack.Outcome);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, IMessage? body, string unit, string role)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Token(unit, role));
        if (body is not null)
        {
            request.Content = new StringContent(JsonFormatter.Default.Format(body), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, IMessage? body, string unit, string role)
    {
        using var request = Request(method, path, body, unit, role);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> GetStringAsync(string path, string unit, string role)
    {
        var (status, body) = await SendAsync(HttpMethod.Get, path, null, unit, role);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status} {body}");
        return body;
    }

    private async Task<T> GetAsync<T>(string path, string unit, string role)
        where T : IMessage<T>, new() =>
        s_parser.Parse<T>(await GetStringAsync(path, unit, role));

    private async Task<T> PostAsync<T>(string path, IMessage body, string unit, string role)
        where T : IMessage<T>, new()
    {
        var (status, text) = await SendAsync(HttpMethod.Post, path, body, unit, role);
        Assert.True(status == HttpStatusCode.OK, $"POST {path}: {(int)status} {text}");
        return s_parser.Parse<T>(text);
    }
}
