using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Testing;

/// <summary>
/// An OpenID Connect–shaped token issuer on a loopback port: a discovery document
/// (<c>/.well-known/openid-configuration</c>) and a JWKS (<c>/jwks</c>) publishing an RSA key (RS256) and an
/// EC P-256 key (ES256), which it signs tokens with. <see cref="RotateRsaKey"/> replaces the RSA key: the
/// JWKS then publishes only the new one, as a provider does after a rotation.
/// </summary>
public sealed class OidcTestIssuer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile RsaSecurityKey _rsa;
    private readonly ECDsaSecurityKey _ec;
    private int _rsaGeneration = 1;
    private int _jwksRequests;

    private OidcTestIssuer(WebApplication app, string audience)
    {
        _app = app;
        Audience = audience;
        _rsa = NewRsa(1);
        _ec = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "ec-1" };
    }

    /// <summary>The issuer and authority, <c>http://127.0.0.1:port</c>.</summary>
    public string Authority { get; private set; } = "";

    /// <summary>The audience its tokens carry.</summary>
    public string Audience { get; }

    /// <summary>The RSA key it signs with now (published in the JWKS).</summary>
    public RsaSecurityKey RsaKey => _rsa;

    /// <summary>The EC key (published in the JWKS).</summary>
    public ECDsaSecurityKey EcKey => _ec;

    /// <summary>How many times the JWKS was fetched.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public static async Task<OidcTestIssuer> StartAsync(string audience)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var issuer = new OidcTestIssuer(app, audience);
        app.MapGet("/.well-known/openid-configuration", () => Results.Text(issuer.Discovery(), "application/json"));
        app.MapGet("/jwks", () =>
        {
            Interlocked.Increment(ref issuer._jwksRequests);
            return Results.Text(issuer.Jwks(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer.Authority = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return issuer;
    }

    /// <summary>Replaces the RSA key by a new one (kid <c>rsa-N</c>); the old one is no longer published.</summary>
    public RsaSecurityKey RotateRsaKey()
    {
        _rsa = NewRsa(Interlocked.Increment(ref _rsaGeneration));
        return _rsa;
    }

    /// <summary>
    /// A token with <paramref name="claims"/> (plus iss, aud, iat, nbf, exp), signed with <paramref name="key"/>
    /// (default the current RSA key; RS256 for RSA, ES256 for EC, HS256 for a symmetric key).
    /// </summary>
    public string Mint(IDictionary<string, object> claims, SecurityKey? key = null, TimeSpan? lifetime = null, DateTimeOffset? now = null, string? audience = null)
    {
        key ??= _rsa;
        var issued = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience ?? Audience,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued + (lifetime ?? TimeSpan.FromMinutes(10)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, key switch
            {
                ECDsaSecurityKey => SecurityAlgorithms.EcdsaSha256,
                SymmetricSecurityKey => SecurityAlgorithms.HmacSha256,
                _ => SecurityAlgorithms.RsaSha256,
            }),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static RsaSecurityKey NewRsa(int generation) => new(RSA.Create(2048)) { KeyId = "rsa-" + generation };

    private string Discovery() => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["issuer"] = Authority,
        ["jwks_uri"] = Authority + "/jwks",
        ["id_token_signing_alg_values_supported"] = new[] { "RS256", "ES256" },
        ["response_types_supported"] = new[] { "code" },
        ["subject_types_supported"] = new[] { "public" },
    });

    private string Jwks()
    {
        var rsa = _rsa.Rsa.ExportParameters(includePrivateParameters: false);
        var ec = _ec.ECDsa.ExportParameters(includePrivateParameters: false);
        var json = new StringBuilder();
        json.Append("{\"keys\":[");
        json.Append(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = _rsa.KeyId,
            ["n"] = Base64UrlEncoder.Encode(rsa.Modulus!), ["e"] = Base64UrlEncoder.Encode(rsa.Exponent!),
        }));
        json.Append(',');
        json.Append(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["kty"] = "EC", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = _ec.KeyId, ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(ec.Q.X!), ["y"] = Base64UrlEncoder.Encode(ec.Q.Y!),
        }));
        json.Append("]}");
        return json.ToString();
    }
}
