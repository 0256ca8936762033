using System.Globalization;
using System.Security.Claims;
using Aggregator.Domain.Registry;
using Aggregator.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Server.Auth;

/// <summary>What a token scheme accepts, for <see cref="TokenPolicy.Describe"/>.</summary>
/// <param name="Issuer">The issuer accepted.</param>
/// <param name="Audience">The audience accepted.</param>
/// <param name="Algorithms">The signing algorithms accepted (JWT <c>alg</c> names).</param>
/// <param name="Keys">The keys a signature is checked with, as a phrase ("this server's signing key").</param>
/// <param name="Ring">The built-in mode's ring (to name a retired key); null for an identity provider.</param>
public sealed record TokenScheme(string Issuer, string Audience, IReadOnlyList<string> Algorithms, string Keys, KeyRing? Ring);
