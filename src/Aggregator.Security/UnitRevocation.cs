using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Security;

/// <summary>A unit whose tokens issued before <paramref name="IssuedBefore"/> are refused (deny list).</summary>
public sealed record UnitRevocation(string UnitId, DateTimeOffset IssuedBefore);
