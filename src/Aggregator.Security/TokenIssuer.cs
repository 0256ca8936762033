using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Security;

/// <summary>Mints and describes the JWT bearer tokens the server accepts (HMAC-SHA256).</summary>
public static class TokenIssuer
{
    /// <summary>
    /// The longest token lifetime the server accepts by default (Aggregator:Auth:MaxTokenLifetime), and the
    /// CLI's limit for <c>token --days</c>: a yearly report plus a margin.
    /// </summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromDays(400);

    /// <summary>The security key for a signing key's bytes (shared by issuing and validation).</summary>
    public static SymmetricSecurityKey SecurityKey(byte[] signingKey, string keyId = KeyRing.LegacyKeyId) => new(signingKey) { KeyId = keyId };

    /// <summary>Mints a token for <paramref name="unitId"/> with <paramref name="role"/>.</summary>
    /// <param name="signingKey">The deployment's signing key (see <see cref="SigningKey"/>).</param>
    /// <param name="unitId">The unit the token acts for.</param>
    /// <param name="role">One of <see cref="Roles"/>.</param>
    /// <param name="lifetime">How long the token is valid.</param>
    /// <param name="issuer">Issuer (default "aggregator").</param>
    /// <param name="audience">Audience (default "aggregator").</param>
    /// <param name="subject">Who (recorded as stored_by); default "<paramref name="unitId"/>:<paramref name="role"/>".</param>
    /// <param name="now">Issue time; default the current UTC time.</param>
    /// <param name="keyId">The key's id, written as the header's <c>kid</c> (default <see cref="KeyRing.LegacyKeyId"/>).</param>
    public static string Mint(
        byte[] signingKey,
        string unitId,
        string role,
        TimeSpan lifetime,
        string issuer = AggregatorClaims.DefaultIssuer,
        string audience = AggregatorClaims.DefaultAudience,
        string? subject = null,
        DateTimeOffset? now = null,
        string keyId = KeyRing.LegacyKeyId)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        ArgumentException.ThrowIfNullOrEmpty(unitId);
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}' (expected one of {string.Join(", ", Roles.All)}).", nameof(role));
        }

        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            Subject = new ClaimsIdentity(
            [
                new Claim(AggregatorClaims.Subject, subject ?? unitId + ":" + role),
                new Claim(AggregatorClaims.UnitId, unitId),
                new Claim(AggregatorClaims.Role, role),
            ]),
            SigningCredentials = new SigningCredentials(SecurityKey(signingKey, keyId), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Mints a token signed with <paramref name="ring"/>'s signing key (see <see cref="KeyRing.Signing"/>).</summary>
    public static string Mint(KeyRing ring, string unitId, string role, TimeSpan lifetime, DateTimeOffset? now = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        return Mint(ring.Signing.Secret, unitId, role, lifetime, now: now, keyId: ring.Signing.Kid);
    }

    /// <summary>Validation parameters matching <see cref="Mint"/> for one key.</summary>
    public static TokenValidationParameters ValidationParameters(
        byte[] signingKey, string issuer = AggregatorClaims.DefaultIssuer, string audience = AggregatorClaims.DefaultAudience)
    {
        var parameters = Parameters(issuer, audience);
        parameters.IssuerSigningKey = SecurityKey(signingKey);
        return parameters;
    }

    /// <summary>
    /// Validation parameters for the current ring of <paramref name="ring"/> (read on every token, so a
    /// reloaded ring applies at once): a token's <c>kid</c> picks its key; a retired key validates nothing
    /// (see <see cref="KeyRing.KeysFor"/>). Used by the server's JwtBearer.
    /// </summary>
    public static TokenValidationParameters ValidationParameters(
        Func<KeyRing> ring, string issuer = AggregatorClaims.DefaultIssuer, string audience = AggregatorClaims.DefaultAudience)
    {
        ArgumentNullException.ThrowIfNull(ring);
        var parameters = Parameters(issuer, audience);
        parameters.IssuerSigningKeyResolver = (_, _, kid, _) => ring().KeysFor(kid);
        return parameters;
    }

    private static TokenValidationParameters Parameters(string issuer, string audience) => CommonParameters(issuer, audience, [SecurityAlgorithms.HmacSha256]);

    /// <summary>
    /// The checks every accepted token passes, whoever signed it (built-in key ring or an identity
    /// provider): issuer, audience, one of <paramref name="algorithms"/>, a signature, an expiry, 30 s of
    /// clock skew, and the subject and role claims by their names.
    /// </summary>
    public static TokenValidationParameters CommonParameters(string issuer, string audience, IEnumerable<string> algorithms) => new()
    {
        ValidIssuer = issuer,
        ValidAudience = audience,
        ValidAlgorithms = algorithms,
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = AggregatorClaims.Subject,
        RoleClaimType = AggregatorClaims.Role,
    };
}
