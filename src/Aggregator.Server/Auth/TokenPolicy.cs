using System.Globalization;
using System.Security.Claims;
using Aggregator.Domain.Registry;
using Aggregator.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Server.Auth;

/// <summary>
/// What the server checks on a token after its signature, issuer, audience and expiry are valid
/// (JwtBearer's <c>OnTokenValidated</c>), and how a refused token is described to the caller.
/// </summary>
public static class TokenPolicy
{
    /// <summary>
    /// The role a token may carry for a unit of the registry: <c>district</c> for a district or a
    /// department, <c>city</c> for a city, <c>province</c> for a province, <c>admin</c> only for a
    /// top-level unit of the registry (so an admin token names the deployment's root, not a district).
    /// </summary>
    /// <returns>Null when the role fits; otherwise why not.</returns>
    public static string? RoleMismatch(string role, RegionUnit unit)
    {
        var fits = role switch
        {
            Roles.District => unit.Level is UnitLevel.District or UnitLevel.Department,
            Roles.City => unit.Level == UnitLevel.City,
            Roles.Province => unit.Level == UnitLevel.Province,
            Roles.Admin => unit.Parent is null,
            _ => false,
        };
        if (fits)
        {
            return null;
        }

        var expected = role == Roles.Admin ? "a top-level unit of the registry" : "a " + role + " unit";
        return $"The token's role '{role}' does not match unit '{unit.Id}', a {unit.Level.ToString().ToLowerInvariant()} unit (a {role} token must name {expected}).";
    }

    /// <summary>
    /// Refuses a validated token whose lifetime exceeds <paramref name="maxLifetime"/> (from <c>iat</c>,
    /// which is required, and from now), whose unit is revoked in <paramref name="ring"/> for tokens issued
    /// before a time after its <c>iat</c> (<c>aggregator keys revoke</c>), or whose role does not fit its unit
    /// (<see cref="RoleMismatch"/>). Tokens of either scheme (built-in HMAC, OIDC) are checked alike.
    /// A unit the registry does not hold is left to <see cref="AccessPolicy.CallerOf"/> (PERMISSION_DENIED).
    /// </summary>
    /// <exception cref="TokenRefusedException">The token is refused.</exception>
    public static void Check(JsonWebToken token, ClaimsPrincipal principal, RegionTree registry, TimeSpan maxLifetime, DateTimeOffset now, KeyRing ring)
    {
        ArgumentNullException.ThrowIfNull(ring);
        if (!token.TryGetPayloadValue<long>(JwtRegisteredClaimNames.Iat, out var iatSeconds))
        {
            throw new TokenRefusedException("token_lifetime", "The token has no issue time (iat); tokens without one are refused.");
        }

        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(iatSeconds);
        var expires = new DateTimeOffset(token.ValidTo, TimeSpan.Zero);
        var longest = expires - issuedAt > expires - now ? expires - issuedAt : expires - now;
        if (longest > maxLifetime)
        {
            throw new TokenRefusedException("token_lifetime", string.Create(CultureInfo.InvariantCulture,
                $"The token is valid for {longest.TotalDays:0.#} days (issued {issuedAt:yyyy-MM-dd}, expires {expires:yyyy-MM-dd}); this server accepts at most {maxLifetime.TotalDays:0.#} days (Aggregator:Auth:MaxTokenLifetime)."));
        }

        var unitId = principal.FindFirstValue(AggregatorClaims.UnitId);
        if (Revocation(ring, unitId, issuedAt) is { } revoked)
        {
            throw new TokenRefusedException("revoked_unit", revoked);
        }

        var role = principal.FindFirstValue(AggregatorClaims.Role);
        if (unitId is not null && role is not null && Roles.IsKnown(role) && registry.TryGet(unitId, out var unit)
            && RoleMismatch(role, unit) is { } mismatch)
        {
            throw new TokenRefusedException("role_level", mismatch);
        }
    }

    /// <summary>
    /// Whether a token accepted at the start of a stream is refused by a key ring read since: its key
    /// (<paramref name="kid"/>, built-in tokens only) is retired, or its unit is revoked for tokens issued
    /// before a time after <paramref name="issuedAt"/>. Null when it stays valid.
    /// </summary>
    public static (string Reason, string Message)? RefusalAfterRingChange(KeyRing ring, string? kid, bool builtin, string? unitId, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(ring);
        if (builtin && ring.Find(kid) is { Retired: { } retired } key)
        {
            return ("retired_key", string.Create(CultureInfo.InvariantCulture,
                $"The token's key ('{key.Kid}') was retired at {retired:yyyy-MM-ddTHH:mm:ssZ} during the call; reconnect with a new token."));
        }

        return Revocation(ring, unitId, issuedAt) is { } revoked ? ("revoked_unit", revoked) : null;
    }

    /// <summary>The message refusing a token of <paramref name="unitId"/> issued at <paramref name="issuedAt"/> by <paramref name="ring"/>'s deny list; null when not revoked.</summary>
    private static string? Revocation(KeyRing ring, string? unitId, DateTimeOffset issuedAt) =>
        unitId is not null && ring.RevokedBefore(unitId) is { } revokedBefore && issuedAt < revokedBefore
            ? string.Create(CultureInfo.InvariantCulture,
                $"The tokens of unit '{unitId}' issued before {revokedBefore:yyyy-MM-ddTHH:mm:ssZ} are revoked (aggregator keys revoke); this one was issued {issuedAt:yyyy-MM-ddTHH:mm:ssZ}. Ask for a new token.")
            : null;

    /// <summary>
    /// The bounded reason (for <c>aggregator.auth.denied</c>) and the caller-facing message of an
    /// authentication failure: missing, expired, wrong key or signature, unaccepted algorithm, wrong
    /// audience or issuer, role/level mismatch, lifetime too long.
    /// </summary>
    /// <param name="failure">JwtBearer's failure; null when no bearer token was presented.</param>
    /// <param name="authorization">The request's Authorization header (to name an unaccepted algorithm or a retired key).</param>
    /// <param name="scheme">What the scheme that judged the token accepts.</param>
    public static (string Reason, string Message) Describe(Exception? failure, string? authorization, TokenScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        if (failure is null)
        {
            return ("missing_token", string.IsNullOrEmpty(authorization)
                ? "A bearer token is required (header 'authorization: Bearer <token>')."
                : "The authorization header does not carry a bearer token ('Bearer <token>').");
        }

        if (failure is TokenRefusedException refused)
        {
            return (refused.Reason, refused.Message);
        }

        if (scheme.Ring is null && failure is InvalidOperationException && failure.Message.Contains("IDX20803", StringComparison.Ordinal))
        {
            return ("idp_unreachable", $"The token cannot be checked now: {scheme.Keys} cannot be fetched. Try again later.");
        }

        var header = Header(authorization);
        if (header is { Alg: var alg } && !scheme.Algorithms.Contains(alg))
        {
            return ("invalid_token", $"The token's signing algorithm '{alg}' is not accepted ({string.Join(", ", scheme.Algorithms)} only).");
        }

        if (failure is SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException
            && scheme.Ring?.Find(header?.Kid) is { Retired: { } retired } key)
        {
            return ("retired_key", string.Create(CultureInfo.InvariantCulture,
                $"The token is signed with a retired key ('{key.Kid}', retired {retired:yyyy-MM-ddTHH:mm:ssZ}); ask for a new token."));
        }

        return failure switch
        {
            SecurityTokenExpiredException e => ("expired_token", string.Create(CultureInfo.InvariantCulture, $"The token expired at {e.Expires:yyyy-MM-ddTHH:mm:ssZ}.")),
            SecurityTokenNoExpirationException => ("token_lifetime", "The token has no expiry (exp); tokens without one are refused."),
            SecurityTokenNotYetValidException e => ("invalid_token", string.Create(CultureInfo.InvariantCulture, $"The token is not valid before {e.NotBefore:yyyy-MM-ddTHH:mm:ssZ}.")),
            SecurityTokenInvalidAudienceException => ("invalid_token", $"The token is for another audience (this server accepts '{scheme.Audience}')."),
            SecurityTokenInvalidIssuerException => ("invalid_token", $"The token is from another issuer (this server accepts '{scheme.Issuer}')."),
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException =>
                ("invalid_token", $"The token's signature does not verify with {scheme.Keys} (wrong key or altered token)."),
            SecurityTokenMalformedException or ArgumentException => ("invalid_token", "The bearer token is not a well-formed JWT."),
            _ => ("invalid_token", "The bearer token is not valid."),
        };
    }

    private static JsonWebToken? Header(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            return new JsonWebToken(authorization[Scheme.Length..].Trim());
        }
        catch (ArgumentException)
        {
            // Not a JWT (SecurityTokenMalformedException is an ArgumentException): described as malformed.
            return null;
        }
    }
}
