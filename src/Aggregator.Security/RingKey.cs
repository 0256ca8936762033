using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Security;

/// <summary>One HMAC-SHA256 key of a <see cref="KeyRing"/>, named by its <c>kid</c> (the JWT header's key id).</summary>
/// <param name="Kid">Key id: letters, digits, '.', '_', '-'; at most 64 characters.</param>
/// <param name="Secret">The key bytes (at least 256 bits).</param>
/// <param name="Created">When the key was added (a legacy key: its file's last write time).</param>
/// <param name="Retired">When the key was retired; null while it validates.</param>
public sealed record RingKey(string Kid, byte[] Secret, DateTimeOffset Created, DateTimeOffset? Retired = null)
{
    public bool IsRetired => Retired is not null;

    /// <summary>The security key for signing and validation, carrying <see cref="Kid"/>.</summary>
    public SymmetricSecurityKey SecurityKey() => new(Secret) { KeyId = Kid };
}
