using Aggregator.Contracts.V1;
using Aggregator.Security;
using Google.Rpc;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Aggregator.Server.Tests;

/// <summary>End-to-end over a real Kestrel port, against redis-server and embedded Garnet (derived classes below).</summary>
public abstract class ServerEndToEndTests<TFixture>(TFixture fixture)
    where TFixture : ServerFixture
{
    private const string Zhanghe = "jingmen-zhanghe";

    protected TFixture Fixture { get; } = fixture;

    private SubmissionService.SubmissionServiceClient Client => Fixture.Submissions;

    [Fact]
    public async Task SubmitStream_ZhangheFixture_AcknowledgesReadsBackReplaysAndRejectsBroken()
    {
        var district = Fixture.As(Zhanghe, Roles.District);
        using var call = Client.SubmitStream(district);
        await call.RequestStream.WriteAsync(Message("1", TestReports.Zhanghe2021(), "fixture-key"));
        await call.RequestStream.WriteAsync(Message("2", TestReports.Zhanghe2021(), "fixture-key"));
        await call.RequestStream.WriteAsync(Message("3", TestReports.BrokenRequests(), "broken-key"));
        await call.RequestStream.WriteAsync(Message("4", TestReports.Zhanghe2021("420802"), "other-unit"));
        await call.RequestStream.CompleteAsync();
        var acks = new Dictionary<string, Acknowledgement>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            acks.Add(response.CorrelationId, response.Acknowledgement);
        }

        Assert.Equal(["1", "2", "3", "4"], acks.Keys.Order());
        // "1" and "2" carry the same idempotency key: one is stored, the other is its replay
        // (acknowledgements may come in any order).
        Assert.All([acks["1"], acks["2"]], a =>
        {
            Assert.Equal(AckOutcome.Accepted, a.Outcome);
            Assert.Equal(1, a.Version);
            Assert.Equal("N1", Assert.Single(a.Warnings).RuleId);
        });
        Assert.Equal(1, new[] { acks["1"], acks["2"] }.Count(a => a.Replayed));
        Assert.Equal(AckOutcome.Rejected, acks["3"].Outcome);
        Assert.Equal((int)StatusCode.InvalidArgument, acks["3"].StatusCode);
        Assert.Equal(
            [("A3.balance", "s3.new_requests.natural_person"), ("A3.balance", "s3.new_requests.total"), ("A3.row_total", "s3.new_requests.total")],
            acks["3"].Errors.Select(e => (e.RuleId, e.Cells[0])).Order());
        var rowTotal = acks["3"].Errors.Single(e => e.RuleId == "A3.row_total");
        Assert.Equal(("7", "5"), (rowTotal.Reported, rowTotal.Computed));
        Assert.NotEmpty(rowTotal.MessageZh);
        Assert.NotEmpty(rowTotal.MessageEn);
        Assert.Equal((int)StatusCode.PermissionDenied, acks["4"].StatusCode);

        var stored = await Client.GetSubmissionAsync(new GetSubmissionRequest { UnitId = Zhanghe, Year = 2021 }, district);
        Assert.Equal(TestReports.Zhanghe2021(), stored.Report);
        Assert.Equal(1, stored.Info.Version);
        Assert.Equal(ReviewState.Submitted, stored.ReviewState);
        Assert.Equal("N1", Assert.Single(stored.Findings).RuleId);
        var history = await Client.ListVersionsAsync(new ListVersionsRequest { UnitId = Zhanghe, Year = 2021 }, district);
        var version = Assert.Single(history.Versions, v => v.Source == RecordSource.Submission);
        Assert.Equal("jingmen-zhanghe:district", version.StoredBy);
        Assert.Equal("fixture-key", version.IdempotencyKey);
    }

    [Fact]
    public async Task Submit_InChinese_RefusalsAndViolationsAreChinese()
    {
        var options = Fixture.As("420804", Roles.District);
        var zh = new Metadata();
        foreach (var header in options.Headers!)
        {
            zh.Add(header);
        }

        zh.Add("accept-language", "zh-CN,zh;q=0.9,en;q=0.5");

        var broken = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(
            new SubmitRequest { Report = TestReports.BrokenRequests("420804", 2021), IdempotencyKey = "b-zh" }, options.WithHeaders(zh)).ResponseAsync);
        var denied = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(
            new SubmitRequest { Report = TestReports.Zhanghe2021("420802"), IdempotencyKey = "d-zh" }, options.WithHeaders(zh)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, broken.StatusCode);
        Assert.Contains("违反 3 条规则", broken.Status.Detail, StringComparison.Ordinal);
        var violations = broken.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations;
        Assert.Contains(violations, v => v.Field == "s3.new_requests.total" && v.Description.StartsWith("A3.row_total\uff1a第三部分", StringComparison.Ordinal));
        Assert.All(violations, v => Assert.DoesNotContain(" / ", v.Description, StringComparison.Ordinal));
        Assert.All(violations, v => Assert.DoesNotContain("must", v.Description, StringComparison.Ordinal));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        Assert.Contains("无权报送单位“420802”", denied.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_Broken_InvalidArgumentWithBadRequestViolations()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(
            new SubmitRequest { Report = TestReports.BrokenRequests("420804", 2021), IdempotencyKey = "b" },
            Fixture.As("420804", Roles.District)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var status = ex.GetRpcStatus();
        Assert.NotNull(status);
        var badRequest = status!.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Contains(badRequest!.FieldViolations, v => v.Field == "s3.new_requests.total" && v.Description.StartsWith("A3.row_total: ", StringComparison.Ordinal));
        Assert.All(badRequest.FieldViolations, v => Assert.Contains(" / ", v.Description, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_UnknownUnit_NotFoundNamingIt()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(
            new SubmitRequest { Report = TestReports.Zhanghe2021("nowhere-9"), IdempotencyKey = "n" },
            Fixture.As("42", Roles.Admin)).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        Assert.Contains("nowhere-9", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_StaleExpectedVersion_Aborted()
    {
        var opts = Fixture.As("420881", Roles.District);
        await Client.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("420881", 2031), IdempotencyKey = "e1", ExpectedVersion = 0 }, opts);

        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(
            new SubmitRequest { Report = TestReports.Zhanghe2021("420881", 2031), IdempotencyKey = "e2", ExpectedVersion = 0 }, opts).ResponseAsync);

        Assert.Equal(StatusCode.Aborted, ex.StatusCode);
    }

    [Fact]
    public async Task Review_CityAcceptsChild_DistrictCannotResubmitOrReview()
    {
        var district = Fixture.As("420882", Roles.District);
        var city = Fixture.As("4208", Roles.City);
        await Client.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("420882", 2032), IdempotencyKey = "r1" }, district);
        var selfReview = await Assert.ThrowsAsync<RpcException>(() => Client.ReviewSubmissionAsync(
            new ReviewSubmissionRequest { UnitId = "420882", Year = 2032, Decision = ReviewDecision.Accept, Version = 1 }, district).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, selfReview.StatusCode);
        var noReason = await Assert.ThrowsAsync<RpcException>(() => Client.ReviewSubmissionAsync(
            new ReviewSubmissionRequest { UnitId = "420882", Year = 2032, Decision = ReviewDecision.Return, Version = 1 }, city).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, noReason.StatusCode);

        var accepted = await Client.ReviewSubmissionAsync(
            new ReviewSubmissionRequest { UnitId = "420882", Year = 2032, Decision = ReviewDecision.Accept, Version = 1 }, city);

        Assert.Equal(ReviewState.Accepted, accepted.ReviewState);
        var locked = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(
            new SubmitRequest { Report = TestReports.Zhanghe2021("420882", 2032), IdempotencyKey = "r2" }, district).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, locked.StatusCode);
        var replay = await Client.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("420882", 2032), IdempotencyKey = "r1" }, district);
        Assert.True(replay.Acknowledgement.Replayed);
    }

    public static TheoryData<string, string, string, StatusCode> ReadMatrix() => new()
    {
        // token unit, role, target unit, expected
        { Zhanghe, Roles.District, Zhanghe, StatusCode.NotFound },
        { "420802", Roles.District, Zhanghe, StatusCode.PermissionDenied },
        { "4208", Roles.City, Zhanghe, StatusCode.NotFound },
        { "4208", Roles.City, "42", StatusCode.PermissionDenied },
        { "42", Roles.Province, Zhanghe, StatusCode.NotFound },
        { "42", Roles.Province, "4208", StatusCode.NotFound },
        { "42", Roles.Admin, Zhanghe, StatusCode.NotFound },
        { "420802", Roles.Admin, Zhanghe, StatusCode.Unauthenticated }, // an admin token must name a top-level unit
        { "not-a-unit", Roles.Admin, Zhanghe, StatusCode.PermissionDenied },
    };

    [Theory]
    [MemberData(nameof(ReadMatrix))]
    public async Task GetSubmission_AuthMatrix(string tokenUnit, string role, string target, StatusCode expected)
    {
        // Year 2030: nothing is stored, so an allowed read answers NOT_FOUND and a refused one PERMISSION_DENIED.
        var ex = await Assert.ThrowsAsync<RpcException>(() => Client.GetSubmissionAsync(
            new GetSubmissionRequest { UnitId = target, Year = 2030 }, Fixture.As(tokenUnit, role)).ResponseAsync);

        Assert.Equal(expected, ex.StatusCode);
    }

    public static TheoryData<string, string, string, StatusCode> WriteMatrix() => new()
    {
        { "jingmen-qujialing", Roles.District, "jingmen-qujialing", StatusCode.OK },
        { "420802", Roles.District, "jingmen-hitech", StatusCode.PermissionDenied },
        { "4208", Roles.City, "jingmen-hitech", StatusCode.PermissionDenied },
        { "42", Roles.Province, "jingmen-hitech", StatusCode.PermissionDenied },
        { "42", Roles.Admin, "jingmen-hitech", StatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(WriteMatrix))]
    public async Task Submit_AuthMatrix(string tokenUnit, string role, string target, StatusCode expected)
    {
        var call = Client.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021(target, 2033), IdempotencyKey = "w-" + tokenUnit + role },
            Fixture.As(tokenUnit, role));

        if (expected == StatusCode.OK)
        {
            Assert.Equal(AckOutcome.Accepted, (await call).Acknowledgement.Outcome);
        }
        else
        {
            Assert.Equal(expected, (await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync)).StatusCode);
        }
    }

    [Fact]
    public async Task Calls_MissingExpiredOrForgedToken_Unauthenticated()
    {
        var request = new GetSubmissionRequest { UnitId = Zhanghe, Year = 2021 };
        var expired = TokenIssuer.Mint(Fixture.SigningKey, Zhanghe, Roles.District, TimeSpan.FromMinutes(5), now: DateTimeOffset.UtcNow.AddHours(-2));
        var forged = TokenIssuer.Mint(new byte[32], Zhanghe, Roles.Admin, TimeSpan.FromHours(1));

        foreach (var options in new[] { new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)), ServerFixture.With(expired), ServerFixture.With(forged), ServerFixture.With("not.a.jwt") })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => Client.GetSubmissionAsync(request, options).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        }

        using var stream = Client.SubmitStream(ServerFixture.With(forged));
        var streamEx = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext());
        Assert.Equal(StatusCode.Unauthenticated, streamEx.StatusCode);
    }

    [Fact]
    public async Task HealthAndReflection_Served()
    {
        var health = new Health.HealthClient(Fixture.Channel);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "readiness" })).Status);

        var reflection = new ServerReflection.ServerReflectionClient(Fixture.Channel);
        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext());
        Assert.Contains(call.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "aggregator.v1.SubmissionService");
    }

    [Fact]
    public async Task Store_KilledAndRestarted_UnavailableThenRecoversWithData()
    {
        var opts = Fixture.As("jingmen-hitech", Roles.District);
        var first = await Client.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", 2034), IdempotencyKey = "s1" }, opts);
        var health = new Health.HealthClient(Fixture.Channel);

        await Fixture.StopStoreAsync();
        try
        {
            // The call carries a 30 s deadline: a hang would end as DEADLINE_EXCEEDED, not UNAVAILABLE.
            var down = await Assert.ThrowsAsync<RpcException>(() => Client.SubmitAsync(
                new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", 2034), IdempotencyKey = "s2" }, opts).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, down.StatusCode);

            using var stream = Client.SubmitStream(opts);
            await stream.RequestStream.WriteAsync(Message("x", TestReports.Zhanghe2021("jingmen-hitech", 2034), "s3"));
            await stream.RequestStream.CompleteAsync();
            Assert.True(await stream.ResponseStream.MoveNext());
            Assert.Equal((int)StatusCode.Unavailable, stream.ResponseStream.Current.Acknowledgement.StatusCode);

            Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest { Service = "readiness" })).Status);
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status);
        }
        finally
        {
            await Fixture.StartStoreAsync();
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await health.CheckAsync(new HealthCheckRequest { Service = "readiness" })).Status != HealthCheckResponse.Types.ServingStatus.Serving)
        {
            Assert.True(DateTime.UtcNow < deadline, "the server did not recover");
            await Task.Delay(100);
        }

        var stored = await Client.GetSubmissionAsync(new GetSubmissionRequest { UnitId = "jingmen-hitech", Year = 2034 }, opts);
        Assert.Equal(first.Acknowledgement.Version, stored.Info.Version);
        var again = await Client.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", 2034), IdempotencyKey = "s4" }, opts);
        Assert.Equal(first.Acknowledgement.Version + 1, again.Acknowledgement.Version);
    }

    [Fact]
    public async Task BackfillStream_FixtureDocument_StoredAsPublishedRecordOnce()
    {
        var city = Fixture.As("4208", Roles.City);
        var text = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "zhanghe-2021.txt"));
        var record = new BackfillRequest
        {
            UnitId = Zhanghe,
            Year = 2021,
            Document = new PublishedDocument { Content = Google.Protobuf.ByteString.CopyFrom(text), MediaType = "text/plain" },
            Source = new PublishedSource { FileName = "zhanghe-2021.txt" },
        };
        using var call = Client.BackfillStream(city);
        await call.RequestStream.WriteAsync(new BackfillStreamRequest { CorrelationId = "a", Record = record });
        await call.RequestStream.WriteAsync(new BackfillStreamRequest { CorrelationId = "b", Record = record });
        await call.RequestStream.CompleteAsync();
        var responses = new List<BackfillStreamResponse>();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            responses.Add(response);
        }

        Assert.Equal(2, responses.Count);
        Assert.All(responses, r => Assert.Equal(0, r.StatusCode));
        Assert.Equal(1, Assert.Single(responses, r => !r.Result.Replayed).Result.Version);
        Assert.Equal(1, Assert.Single(responses, r => r.Result.Replayed).Result.Version);
        Assert.Contains(responses[0].Result.Findings, f => f.RuleId == "N1");

        var stored = await Client.GetSubmissionAsync(
            new GetSubmissionRequest { UnitId = Zhanghe, Year = 2021, Version = 1, Source = RecordSource.Published }, city);
        Assert.Equal(ReviewState.Published, stored.ReviewState);
        Assert.Equal(64, stored.Info.PublishedSource.ContentSha256.Length);
        var expected = TestReports.Zhanghe2021();
        Assert.Equal(expected.ProactiveDisclosure, stored.Report.ProactiveDisclosure);
        Assert.Equal(expected.Requests, stored.Report.Requests);
        Assert.Equal(expected.ReviewLitigation, stored.Report.ReviewLitigation);
        Assert.Equal(expected.Overview.Breakdown.StatedTotal, stored.Report.Overview.Breakdown.StatedTotal);
        Assert.Equal(4668, stored.Report.Overview.Breakdown.Categories.Sum(c => c.Count));

        var denied = await Assert.ThrowsAsync<RpcException>(() => Client.BackfillAsync(record, Fixture.As(Zhanghe, Roles.District)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [Fact]
    public async Task GetUnit_OwnUnitAndSubtree_DeniedOutside()
    {
        var registry = new RegistryService.RegistryServiceClient(Fixture.Channel);

        var own = await registry.GetUnitAsync(new GetUnitRequest(), Fixture.As(Zhanghe, Roles.District));
        var city = await registry.GetUnitAsync(new GetUnitRequest { UnitId = "4208" }, Fixture.As("4208", Roles.City));

        Assert.Equal(("漳河新区", "4208", ""), (own.Unit.Name, own.Unit.ParentId, own.Unit.DivisionCode));
        Assert.Equal(UnitLevel.City, city.Unit.Level);
        Assert.Equal(8, city.Children.Count);
        Assert.Equal("420802", city.Children[0].DivisionCode);
        var denied = await Assert.ThrowsAsync<RpcException>(() => registry.GetUnitAsync(new GetUnitRequest { UnitId = "4208" }, Fixture.As(Zhanghe, Roles.District)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => registry.GetUnitAsync(new GetUnitRequest { UnitId = "x-1" }, Fixture.As("42", Roles.Admin)).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    private static SubmitStreamRequest Message(string correlationId, Report report, string key) => new()
    {
        CorrelationId = correlationId,
        Submission = new SubmitRequest { Report = report, IdempotencyKey = key },
    };
}

[CollectionDefinition("redis-server-e2e")]
public sealed class RedisServerCollection : ICollectionFixture<RedisServerFixture>;

[CollectionDefinition("garnet-server-e2e")]
public sealed class GarnetServerCollection : ICollectionFixture<GarnetServerFixture>;

[Collection("redis-server-e2e")]
public sealed class RedisServerEndToEndServerTests(RedisServerFixture fixture) : ServerEndToEndTests<RedisServerFixture>(fixture);

[Collection("garnet-server-e2e")]
public sealed class GarnetServerEndToEndServerTests(GarnetServerFixture fixture) : ServerEndToEndTests<GarnetServerFixture>(fixture);
