using Aggregator.Contracts.V1;
using Aggregator.Security;
using Grpc.Core;

namespace Aggregator.Server.Tests;

/// <summary>The audit trail through the server: denials, exports, who reads what (redis-server and Garnet, derived classes below).</summary>
public abstract class AuditServerTests<TFixture>(TFixture fixture)
    where TFixture : ServerFixture
{
    // A year the other end-to-end tests of these collections do not write.
    private const int Year = 2023;

    private AuditService.AuditServiceClient Audit => new(fixture.Channel);

    /// <summary>Every entry of the trail a token may read for a unit-year, newest first, page by page.</summary>
    private async Task<List<AuditEntry>> ListAllAsync(string unitId, int year, CallOptions options)
    {
        var all = new List<AuditEntry>();
        var token = "";
        do
        {
            var page = await Audit.ListAuditAsync(new ListAuditRequest { UnitId = unitId, Year = year, PageSize = 5, PageToken = token }, options);
            all.AddRange(page.Entries);
            token = page.NextPageToken;
        }
        while (token.Length > 0);
        return all;
    }

    /// <summary>Entries of exports and denials are appended in the background: waits (bounded) until <paramref name="found"/> holds.</summary>
    private async Task<List<AuditEntry>> EventuallyAsync(string unitId, int year, CallOptions options, Func<List<AuditEntry>, bool> found)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var entries = await ListAllAsync(unitId, year, options);
            if (found(entries) || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Refusals_NoTokenForeignKeyExpiredOtherDistrictOutsideSubtree_EachHasAnEntry()
    {
        var submissions = fixture.Submissions;
        var admin = fixture.As("42", Roles.Admin);
        var marker = "probe-" + Guid.NewGuid().ToString("N")[..8];
        var request = new GetSubmissionRequest { UnitId = "420804", Year = Year };
        var foreign = TokenIssuer.Mint(new byte[32], "420802", Roles.District, TimeSpan.FromHours(1));
        var expired = TokenIssuer.Mint(fixture.SigningKey, "420802", Roles.District, TimeSpan.FromMinutes(5), now: DateTimeOffset.UtcNow.AddHours(-2));

        foreach (var options in new[] { new CallOptions(), ServerFixture.With(foreign), ServerFixture.With(expired) })
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => submissions.GetSubmissionAsync(request, options).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, e.StatusCode);
        }

        var otherDistrict = await Assert.ThrowsAsync<RpcException>(() => submissions.GetSubmissionAsync(request, fixture.As("420802", Roles.District)).ResponseAsync);
        var outside = await Assert.ThrowsAsync<RpcException>(() => submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = "42", Year = Year }, fixture.As("4208", Roles.City)).ResponseAsync);
        var submitOther = await Assert.ThrowsAsync<RpcException>(() => submissions.SubmitAsync(
            new SubmitRequest { Report = TestReports.Zhanghe2021("420804", Year), IdempotencyKey = marker }, fixture.As("420802", Roles.District)).ResponseAsync);
        Assert.Equal([StatusCode.PermissionDenied, StatusCode.PermissionDenied, StatusCode.PermissionDenied], new[] { otherDistrict.StatusCode, outside.StatusCode, submitOther.StatusCode });

        // No valid token: the deployment-wide trail, which only admin reads.
        var deployment = await EventuallyAsync("-", 0, admin, es => es.Count(e => e.Detail.Contains("GetSubmission", StringComparison.Ordinal) && e.StatusCode == 16) >= 3);
        Assert.Contains(deployment, e => e.Detail.Contains("missing_token", StringComparison.Ordinal));
        Assert.Contains(deployment, e => e.Detail.Contains("expired_token", StringComparison.Ordinal));
        Assert.Contains(deployment, e => e.Detail.Contains("does not verify with this server's signing key", StringComparison.Ordinal));
        Assert.All(deployment.Where(e => e.StatusCode == 16), e => Assert.Equal((AuditAction.Denied, AuditOutcome.Refused, "", "", "127.0.0.1"), (e.Action, e.Outcome, e.Subject, e.ActorUnitId, e.Peer)));

        // A valid token on a unit it may not touch: the target's city-year trail, with who and from where.
        var city = await EventuallyAsync("4208", Year, admin, es =>
            es.Any(e => e.UnitId == "420804" && e.ActorUnitId == "420802" && e.Detail.Contains("GetSubmission", StringComparison.Ordinal))
            && es.Any(e => e.IdempotencyKey == marker));
        var read = Assert.Single(city, e => e.UnitId == "420804" && e.ActorUnitId == "420802" && e.Detail.Contains("GetSubmission", StringComparison.Ordinal));
        Assert.Equal((AuditAction.Denied, 7, "district", "127.0.0.1"), (read.Action, read.StatusCode, read.Role, read.Peer));
        var submit = Assert.Single(city, e => e.IdempotencyKey == marker);
        Assert.Equal((AuditAction.Denied, "420804", 7), (submit.Action, submit.UnitId, submit.StatusCode));
        var province = await EventuallyAsync("42", Year, admin, es => es.Any(e => e.ActorUnitId == "4208" && e.UnitId == "42"));
        Assert.Contains(province, e => e.ActorUnitId == "4208" && e.UnitId == "42" && e.Action == AuditAction.Denied);
    }

    [Fact]
    public async Task ListAudit_DistrictReadsOnlyItsOwn_NotAnothers_CityReadsItsSubtree_VerifiesIntact()
    {
        foreach (var unit in new[] { "420881", "420882" })
        {
            await fixture.Submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021(unit, Year), IdempotencyKey = "audit-" + unit }, fixture.As(unit, Roles.District));
        }

        var own = await ListAllAsync("420881", Year, fixture.As("420881", Roles.District));
        var other = await Assert.ThrowsAsync<RpcException>(() => Audit.ListAuditAsync(new ListAuditRequest { UnitId = "420882", Year = Year }, fixture.As("420881", Roles.District)).ResponseAsync);
        var cityWide = await Assert.ThrowsAsync<RpcException>(() => Audit.ListAuditAsync(new ListAuditRequest { UnitId = "4208", Year = Year }, fixture.As("420881", Roles.District)).ResponseAsync);
        var districtVerify = await Assert.ThrowsAsync<RpcException>(() => Audit.VerifyAuditAsync(new VerifyAuditRequest { UnitId = "420881", Year = Year }, fixture.As("420881", Roles.District)).ResponseAsync);
        var deployment = await Assert.ThrowsAsync<RpcException>(() => Audit.ListAuditAsync(new ListAuditRequest { UnitId = "-", Year = 0 }, fixture.As("4208", Roles.City)).ResponseAsync);
        var city = await ListAllAsync("4208", Year, fixture.As("4208", Roles.City));
        var verified = await Audit.VerifyAuditAsync(new VerifyAuditRequest { UnitId = "4208", Year = Year }, fixture.As("4208", Roles.City));

        Assert.NotEmpty(own);
        Assert.All(own, e => Assert.Equal("420881", e.UnitId));
        var submitted = Assert.Single(own, e => e.IdempotencyKey == "audit-420881");
        Assert.Equal((AuditAction.Submit, AuditOutcome.Succeeded, 1L, "420881:district", "district", "127.0.0.1"),
            (submitted.Action, submitted.Outcome, submitted.Version, submitted.Subject, submitted.Role, submitted.Peer));
        Assert.All(new[] { other, cityWide, districtVerify, deployment }, e => Assert.Equal(StatusCode.PermissionDenied, e.StatusCode));
        Assert.Contains(city, e => e.IdempotencyKey == "audit-420882");
        Assert.Contains(city, e => e.IdempotencyKey == "audit-420881");
        Assert.Equal(city.Select(e => e.Seq).OrderDescending(), city.Select(e => e.Seq));
        Assert.True(verified.Intact, verified.Detail);
        Assert.Equal(AuditProblem.None, verified.Problem);
    }

    [Fact]
    public async Task Export_RecordedWithWhoAndWhat()
    {
        var city = fixture.As("4208", Roles.City);
        var queries = new QueryService.QueryServiceClient(fixture.Channel);

        await queries.ExportAsync(new ExportRequest { Rollup = new GetRollupRequest { UnitId = "4208", Year = Year }, Format = ExportFormat.Csv }, city);

        var entries = await EventuallyAsync("4208", Year, city, es => es.Any(e => e.Action == AuditAction.Export));
        var export = Assert.Single(entries, e => e.Action == AuditAction.Export);
        Assert.Equal(("4208", "4208", "city", "rollup csv"), (export.UnitId, export.ActorUnitId, export.Role, export.Detail));
    }
}

[Collection("redis-server-e2e")]
public sealed class RedisAuditServerTests(RedisServerFixture fixture) : AuditServerTests<RedisServerFixture>(fixture);

[Collection("garnet-server-e2e")]
public sealed class GarnetAuditServerTests(GarnetServerFixture fixture) : AuditServerTests<GarnetServerFixture>(fixture);
