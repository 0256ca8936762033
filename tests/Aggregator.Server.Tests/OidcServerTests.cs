using System.Security.Cryptography;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Server.Tests;

/// <summary>
/// Sign-in through an OpenID Connect identity provider (issue 17.1), against a real OIDC-shaped issuer on
/// loopback (<see cref="OidcTestIssuer"/>: discovery, JWKS, RS256 and ES256, a key rotated mid-test), with
/// the built-in HMAC tokens still accepted beside it.
/// </summary>
public sealed class OidcServerTests : IAsyncLifetime
{
    private const string Zhanghe = "jingmen-zhanghe";
    private const string City = "4208";
    private OidcTestIssuer? _idp;
    private AggregatorTestServer? _server;

    private OidcTestIssuer Idp => _idp!;

    private AggregatorTestServer Server => _server!;

    public async Task InitializeAsync()
    {
        _idp = await OidcTestIssuer.StartAsync("aggregator-api");
        _server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-oidc-",
            Settings = new Dictionary<string, string?>
            {
                ["Aggregator:Auth:Oidc:Authority"] = _idp.Authority,
                ["Aggregator:Auth:Oidc:Audience"] = "aggregator-api",
                ["Aggregator:Auth:Oidc:UnitClaim"] = "org_unit",
                ["Aggregator:Auth:Oidc:RoleClaim"] = "groups",
                ["Aggregator:Auth:Oidc:RoleMap:city-office"] = Roles.City,
                ["Aggregator:Auth:Oidc:DefaultRole"] = Roles.District,
                ["Aggregator:Auth:Oidc:RequireHttpsMetadata"] = "false",
                ["Aggregator:Auth:Oidc:UnknownKeyRefreshMinInterval"] = "00:00:00",
                ["Aggregator:Auth:KeyRingPollInterval"] = "00:00:00.100",
            },
        });
    }

    [Fact]
    public async Task ProviderTokens_ClaimsMapped_AcceptedAndAuthorisedAlongsideBuiltinTokens()
    {
        var city = Idp.Mint(Claims("alice", City, "staff", "city-office"));
        var district = Idp.Mint(Claims("bob", Zhanghe));
        var ecDistrict = Idp.Mint(Claims("carol", Zhanghe), Idp.EcKey);
        var builtin = Server.Token(Zhanghe, Roles.District);

        var cityUnit = await GetUnitAsync(city);
        var cityReadsItsDistrict = await GetUnitAsync(city, Zhanghe);
        var districtUnit = await GetUnitAsync(district);
        var ecUnit = await GetUnitAsync(ecDistrict);
        var builtinUnit = await GetUnitAsync(builtin);
        var districtReadsCity = await Assert.ThrowsAsync<RpcException>(() => GetUnitAsync(district, City));

        Assert.Equal(City, cityUnit.Unit.Id);
        Assert.Equal(Zhanghe, cityReadsItsDistrict.Unit.Id);
        Assert.Equal(Zhanghe, districtUnit.Unit.Id);
        Assert.Equal(Zhanghe, ecUnit.Unit.Id);
        Assert.Equal(Zhanghe, builtinUnit.Unit.Id);
        Assert.Equal(StatusCode.PermissionDenied, districtReadsCity.StatusCode);
        Assert.Contains("A district token of unit 'jingmen-zhanghe' may not read unit '4208'", districtReadsCity.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProviderTokens_Bad_EachUnauthenticatedWithItsReason()
    {
        using var foreignRsa = RSA.Create(2048);
        var foreign = new RsaSecurityKey(foreignRsa) { KeyId = Idp.RsaKey.KeyId };
        var now = DateTimeOffset.UtcNow;
        var cases = new (string Name, string Token, string Expected)[]
        {
            ("no unit claim", Idp.Mint(new Dictionary<string, object> { ["sub"] = "dave", ["groups"] = new[] { "city-office" } }), "has no 'org_unit' claim"),
            ("city role on a district", Idp.Mint(Claims("erin", Zhanghe, "city-office")), "does not match unit 'jingmen-zhanghe', a district unit"),
            ("unknown unit", Idp.Mint(Claims("frank", "nowhere")), "'nowhere' is not in the registry"),
            ("wrong audience", Idp.Mint(Claims("gina", Zhanghe), audience: "someone-else"), "another audience (this server accepts 'aggregator-api')"),
            ("expired", Idp.Mint(Claims("hank", Zhanghe), lifetime: TimeSpan.FromMinutes(5), now: now.AddHours(-2)), "expired at"),
            ("lifetime too long", Idp.Mint(Claims("ivy", Zhanghe), lifetime: TimeSpan.FromDays(401)), "at most 400 days"),
            ("foreign key with the provider's kid", Idp.Mint(Claims("jack", Zhanghe), foreign), "does not verify with the identity provider's keys"),
            ("HS256 with the provider's issuer", Idp.Mint(Claims("kate", Zhanghe), new SymmetricSecurityKey(new byte[32]) { KeyId = "hs" }), "algorithm 'HS256' is not accepted (RS256, ES256 only)"),
            ("alg=none with the provider's issuer", Unsigned(Claims("leo", City, "city-office")), "algorithm 'none' is not accepted"),
        };

        foreach (var (name, token, expected) in cases)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => GetUnitAsync(token));
            var code = name == "unknown unit" ? StatusCode.PermissionDenied : StatusCode.Unauthenticated;
            Assert.True(ex.StatusCode == code, $"{name}: {ex.StatusCode} '{ex.Status.Detail}'");
            Assert.True(ex.Status.Detail.Contains(expected, StringComparison.Ordinal), $"{name}: '{ex.Status.Detail}' does not say '{expected}'");
        }
    }

    [Fact]
    public async Task ProviderRotatesItsKeyMidTest_NewKeyAcceptedOnItsFirstToken_OldKeyRefused()
    {
        var before = Idp.Mint(Claims("alice", City, "city-office"));
        Assert.Equal(City, (await GetUnitAsync(before)).Unit.Id);
        var fetches = Idp.JwksRequests;

        Idp.RotateRsaKey();
        var after = Idp.Mint(Claims("alice", City, "city-office"));
        var first = await GetUnitAsync(after);
        var old = await Assert.ThrowsAsync<RpcException>(() => GetUnitAsync(before));

        Assert.Equal("rsa-2", new JsonWebToken(after).Kid);
        Assert.Equal(City, first.Unit.Id);
        Assert.True(Idp.JwksRequests > fetches, "the unknown kid made the server fetch the keys again");
        Assert.Equal(StatusCode.Unauthenticated, old.StatusCode);
        Assert.Contains("does not verify with the identity provider's keys", old.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedUnit_ProviderTokensIssuedBeforeRefusedToo()
    {
        var token = Idp.Mint(Claims("bob", Zhanghe));
        Assert.Equal(Zhanghe, (await GetUnitAsync(token)).Unit.Id);

        var revoke = await new CliRunner().RunAsync("keys", "revoke", "--unit", Zhanghe, "--key", Server.SigningKeyPath);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        RpcException? refused = null;
        while (refused is null && DateTime.UtcNow < deadline)
        {
            try
            {
                await GetUnitAsync(token);
                await Task.Delay(50);
            }
            catch (RpcException e)
            {
                refused = e;
            }
        }

        Assert.Equal(0, revoke.ExitCode);
        Assert.NotNull(refused);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains($"tokens of unit '{Zhanghe}' issued before", refused.Status.Detail, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_idp is not null)
        {
            await _idp.DisposeAsync();
        }
    }

    private static Dictionary<string, object> Claims(string subject, string unit, params string[] groups)
    {
        var claims = new Dictionary<string, object> { ["sub"] = subject, ["org_unit"] = unit };
        if (groups.Length > 0)
        {
            claims["groups"] = groups;
        }

        return claims;
    }

    private string Unsigned(Dictionary<string, object> claims)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>(claims) { ["iss"] = Idp.Authority, ["aud"] = Idp.Audience, ["iat"] = now, ["exp"] = now + 600 };
        return new JsonWebTokenHandler().CreateToken(System.Text.Json.JsonSerializer.Serialize(payload));
    }

    private Task<GetUnitResponse> GetUnitAsync(string token, string unitId = "") =>
        new RegistryService.RegistryServiceClient(Server.Channel).GetUnitAsync(new GetUnitRequest { UnitId = unitId }, AggregatorTestServer.With(token)).ResponseAsync;
}
