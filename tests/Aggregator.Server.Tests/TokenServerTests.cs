using System.Security.Claims;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Registry;
using Aggregator.Security;
using Aggregator.Server.Auth;
using UnitLevel = Aggregator.Domain.Registry.UnitLevel;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Server.Tests;

/// <summary>
/// Token checks beyond the signature (issues 20.6 and 19.7): role against the unit's level, a maximum
/// lifetime, streams ending at the token's expiry, and every UNAUTHENTICATED answer reaching a plain
/// gRPC client as status 16 with the reason in the status message.
/// </summary>
public sealed class TokenServerTests(GarnetServerFixture fixture) : IClassFixture<GarnetServerFixture>
{
    private const string Zhanghe = "jingmen-zhanghe";

    private static readonly GetSubmissionRequest s_read = new() { UnitId = Zhanghe, Year = 2021 };

    [Fact]
    public async Task BadTokens_EachUnauthenticatedWithItsOwnReasonInTheStatusMessage()
    {
        var key = fixture.SigningKey;
        var hour = TimeSpan.FromHours(1);
        var cases = new (string Name, string? Token, string Expected)[]
        {
            ("missing", null, "bearer token is required"),
            ("expired", TokenIssuer.Mint(key, Zhanghe, Roles.District, TimeSpan.FromMinutes(5), now: DateTimeOffset.UtcNow.AddHours(-2)), "expired at"),
            ("wrong key", TokenIssuer.Mint(new byte[32], Zhanghe, Roles.District, hour), "signature does not verify"),
            ("wrong audience", TokenIssuer.Mint(key, Zhanghe, Roles.District, hour, audience: "someone-else"), "another audience"),
            ("wrong issuer", TokenIssuer.Mint(key, Zhanghe, Roles.District, hour, issuer: "someone-else"), "another issuer"),
            ("alg=none", Unsigned(Zhanghe, Roles.Admin), "algorithm 'none' is not accepted"),
            ("district role on a city", TokenIssuer.Mint(key, "4208", Roles.District, hour), "does not match unit '4208', a city unit"),
            ("city role on a district", TokenIssuer.Mint(key, Zhanghe, Roles.City, hour), "does not match unit 'jingmen-zhanghe', a district unit"),
            ("province role on a city", TokenIssuer.Mint(key, "4208", Roles.Province, hour), "does not match unit '4208'"),
            ("admin role on a district", TokenIssuer.Mint(key, "420802", Roles.Admin, hour), "top-level unit"),
            ("lifetime too long", TokenIssuer.Mint(key, Zhanghe, Roles.District, TimeSpan.FromDays(401)), "at most 400 days"),
            ("no iat", WithoutIssuedAt(key, Zhanghe, Roles.District), "no issue time (iat)"),
            ("not a JWT", "not.a.jwt", "not a well-formed JWT"),
        };

        var messages = new List<string>();
        foreach (var (name, token, expected) in cases)
        {
            var options = token is null ? new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)) : ServerFixture.With(token);
            var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Submissions.GetSubmissionAsync(s_read, options).ResponseAsync);

            Assert.True(ex.StatusCode == StatusCode.Unauthenticated, $"{name}: {ex.StatusCode} '{ex.Status.Detail}'");
            Assert.True(ex.Status.Detail.Contains(expected, StringComparison.Ordinal), $"{name}: '{ex.Status.Detail}' does not say '{expected}'");
            messages.Add(ex.Status.Detail);
        }

        Assert.Equal(messages.Count, messages.Distinct().Count());
    }

    [Fact]
    public async Task BadToken_OnAStream_Status16WithTheReason()
    {
        var wrongKey = TokenIssuer.Mint(new byte[32], Zhanghe, Roles.District, TimeSpan.FromHours(1));
        var status = new StatusService.StatusServiceClient(fixture.Channel);

        using var call = status.WatchStatus(new WatchStatusRequest { UnitId = Zhanghe, Year = 2021 }, ServerFixture.With(wrongKey));
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("signature does not verify", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MatchingRoles_StillAccepted()
    {
        var key = fixture.SigningKey;
        foreach (var (unit, role) in new[] { (Zhanghe, Roles.District), ("4208", Roles.City), ("42", Roles.Province), ("42", Roles.Admin) })
        {
            var registry = new RegistryService.RegistryServiceClient(fixture.Channel);
            var answer = await registry.GetUnitAsync(new GetUnitRequest(), ServerFixture.With(TokenIssuer.Mint(key, unit, role, TimeSpan.FromDays(400))));
            Assert.Equal(unit, answer.Unit.Id);
        }
    }

    [Fact]
    public async Task WatchStatus_TokenExpiresMidStream_EndsUnauthenticated()
    {
        var token = TokenIssuer.Mint(fixture.SigningKey, "4208", Roles.City, TimeSpan.FromSeconds(3));
        var status = new StatusService.StatusServiceClient(fixture.Channel);
        using var call = status.WatchStatus(new WatchStatusRequest { UnitId = "4208", Year = 2021 },
            ServerFixture.With(token).WithDeadline(DateTime.UtcNow.AddSeconds(60)));

        Assert.True(await call.ResponseStream.MoveNext(), "the board is sent while the token is valid");
        var ex = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext())
            {
            }
        });

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("token expired", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitStream_TokenExpiresMidStream_EndsUnauthenticated()
    {
        var token = TokenIssuer.Mint(fixture.SigningKey, "420822", Roles.District, TimeSpan.FromSeconds(3));
        using var call = fixture.Submissions.SubmitStream(ServerFixture.With(token).WithDeadline(DateTime.UtcNow.AddSeconds(60)));
        await call.RequestStream.WriteAsync(new SubmitStreamRequest
        {
            CorrelationId = "1",
            Submission = new SubmitRequest { Report = TestReports.Zhanghe2021("420822", 2025), IdempotencyKey = "expiring-1" },
        });

        Assert.True(await call.ResponseStream.MoveNext(), "the message sent while the token is valid is acknowledged");
        Assert.Equal(AckOutcome.Accepted, call.ResponseStream.Current.Acknowledgement.Outcome);
        var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("token expired", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.District, "d", true)]
    [InlineData(Roles.District, "dep", true)]
    [InlineData(Roles.District, "c", false)]
    [InlineData(Roles.City, "c", true)]
    [InlineData(Roles.City, "d", false)]
    [InlineData(Roles.City, "p", false)]
    [InlineData(Roles.Province, "p", true)]
    [InlineData(Roles.Province, "c", false)]
    [InlineData(Roles.Admin, "p", true)]
    [InlineData(Roles.Admin, "c", false)]
    [InlineData(Roles.Admin, "d", false)]
    public void RoleMismatch_RoleAgainstTheUnitsLevel(string role, string unitId, bool fits)
    {
        var registry = RegionTree.Build([new UnitDefinition("p", "P", UnitLevel.Province, null,
            [new UnitDefinition("c", "C", UnitLevel.City, null,
                [new UnitDefinition("d", "D", UnitLevel.District), new UnitDefinition("dep", "Dep", UnitLevel.Department)])])]);
        Assert.True(registry.TryGet(unitId, out var unit));

        Assert.Equal(fits, TokenPolicy.RoleMismatch(role, unit) is null);
    }

    /// <summary>An unsigned token (alg "none") with admin claims.</summary>
    private static string Unsigned(string unit, string role)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64Url($$"""{"sub":"x","unit":"{{unit}}","role":"{{role}}","iss":"aggregator","aud":"aggregator","iat":{{now}},"nbf":{{now}},"exp":{{now + 3600}}}""");
        return header + "." + payload + ".";
    }

    /// <summary>A correctly signed token without <c>iat</c>.</summary>
    private static string WithoutIssuedAt(byte[] key, string unit, string role) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AggregatorClaims.DefaultIssuer,
            Audience = AggregatorClaims.DefaultAudience,
            Expires = DateTime.UtcNow.AddHours(1),
            Subject = new ClaimsIdentity([new Claim(AggregatorClaims.UnitId, unit), new Claim(AggregatorClaims.Role, role)]),
            SigningCredentials = new SigningCredentials(TokenIssuer.SecurityKey(key), SecurityAlgorithms.HmacSha256),
        });

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
