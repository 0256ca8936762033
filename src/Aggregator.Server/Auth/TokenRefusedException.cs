using System.Globalization;
using System.Security.Claims;
using Aggregator.Domain.Registry;
using Aggregator.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Server.Auth;

/// <summary>A signed token the server refuses anyway: its role does not fit its unit, or it lives too long.</summary>
public sealed class TokenRefusedException(string reason, string message) : SecurityTokenValidationException(message)
{
    /// <summary>The bounded reason counted in <c>aggregator.auth.denied</c>: <c>role_level</c>, <c>token_lifetime</c>, <c>revoked_unit</c> or <c>no_unit_claim</c>.</summary>
    public string Reason { get; } = reason;
}
