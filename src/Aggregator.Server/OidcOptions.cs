using System.ComponentModel.DataAnnotations;
using Aggregator.Security;

namespace Aggregator.Server;

/// <summary>
/// Sign-in through the region's OpenID Connect identity provider, bound from <c>Aggregator:Auth:Oidc</c>.
/// Off while <see cref="Authority"/> is empty; when set, a token whose issuer is the authority is checked
/// against the provider's published keys, every other token as a built-in (HMAC) token.
/// </summary>
public sealed class OidcOptions
{
    public const string SectionName = "Aggregator:Auth:Oidc";

    /// <summary>The provider's issuer URL, e.g. <c>https://sso.example.gov.cn/realms/jingmen</c>; its discovery document is at <c>/.well-known/openid-configuration</c> below it. Empty (the default): no OIDC.</summary>
    public string Authority { get; set; } = "";

    /// <summary>The discovery document's address; default <see cref="Authority"/> + <c>/.well-known/openid-configuration</c>.</summary>
    public string MetadataAddress { get; set; } = "";

    /// <summary>The issuer (<c>iss</c>) of the provider's tokens; default <see cref="Authority"/>. Tokens with this issuer go to the provider's scheme.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The audience (<c>aud</c>) the provider puts in tokens for Aggregator (required with an authority), e.g. the client id.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim naming the reporting unit (a registry id); default <c>unit</c>. A token without it is refused.</summary>
    [Required]
    public string UnitClaim { get; set; } = AggregatorClaims.UnitId;

    /// <summary>The claim holding the role (one value or an array, e.g. groups); default <c>role</c>.</summary>
    [Required]
    public string RoleClaim { get; set; } = AggregatorClaims.Role;

    /// <summary>
    /// Maps the provider's role values to Aggregator roles (district, city, province, admin), e.g.
    /// <c>RoleMap:gov-city-office = city</c>. A value that is already an Aggregator role needs no entry.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    /// <summary>The role of a token whose role claim is absent or maps to no role; empty (the default): such a token is refused.</summary>
    public string DefaultRole { get; set; } = "";

    /// <summary>Fetch the discovery document and keys over https only (default true; false for a loopback test provider).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>How often the provider's keys are fetched again anyway (default 12 h).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan KeysRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// The shortest time between two fetches caused by a token with an unknown key id (default 30 s): a
    /// rotated key is fetched on its first token, and unknown-kid tokens cannot make the server hammer the provider.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan UnknownKeyRefreshMinInterval { get; set; } = TimeSpan.FromSeconds(30);

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);

    /// <summary>The discovery document's address.</summary>
    public string EffectiveMetadataAddress => string.IsNullOrWhiteSpace(MetadataAddress)
        ? Authority.TrimEnd('/') + "/.well-known/openid-configuration"
        : MetadataAddress;

    /// <summary>The issuer whose tokens go to the provider's scheme.</summary>
    public string EffectiveIssuer => string.IsNullOrWhiteSpace(Issuer) ? Authority : Issuer;
}
