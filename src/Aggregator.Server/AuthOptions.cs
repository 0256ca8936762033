using System.ComponentModel.DataAnnotations;
using Aggregator.Security;

namespace Aggregator.Server;

/// <summary>Authentication options, bound from <c>Aggregator:Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Aggregator:Auth";

    /// <summary>
    /// The key ring of the built-in HMAC-SHA256 mode: a single base64 key (generated on first start if
    /// absent) or a JSON ring written by <c>aggregator keys</c>. Default <c>&lt;data&gt;/signing-key</c>.
    /// </summary>
    public string SigningKeyPath { get; set; } = "";

    /// <summary>
    /// How often the server reads the key ring file again (default 5 s): a key added or retired, or a unit
    /// revoked, applies to calls within this delay, without a restart.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan KeyRingPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Token issuer (default "aggregator").</summary>
    [Required]
    public string Issuer { get; set; } = "aggregator";

    /// <summary>Token audience (default "aggregator").</summary>
    [Required]
    public string Audience { get; set; } = "aggregator";

    /// <summary>
    /// Longest token lifetime accepted (default 400 days): a token valid for longer, counted from its
    /// <c>iat</c> (required) or from now, is refused as UNAUTHENTICATED.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan MaxTokenLifetime { get; set; } = Aggregator.Security.TokenIssuer.DefaultMaxLifetime;
}
