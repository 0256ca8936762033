using System.ComponentModel.DataAnnotations;
using Aggregator.Security;

namespace Aggregator.Server;

/// <summary>Top-level server options, bound from <c>Aggregator</c>.</summary>
public sealed class AggregatorServerOptions
{
    public const string SectionName = "Aggregator";

    /// <summary>Data directory (signing key, embedded Garnet's AOF). Default <c>./data</c>, relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>Registry YAML path. Default: the sample <c>registry/jingmen.yaml</c> next to the server binaries.</summary>
    public string RegistryPath { get; set; } = "";

    /// <summary>The console's static files. Default: <c>wwwroot</c> next to the server binaries.</summary>
    public string WebRoot { get; set; } = "";
}

/// <summary>gRPC reflection, bound from <c>Aggregator:Reflection</c>.</summary>
public sealed class ReflectionOptions
{
    public const string SectionName = "Aggregator:Reflection";

    /// <summary>
    /// Serve gRPC server reflection (service and message descriptions for grpcurl and similar tools,
    /// answered without a token). Default true for local runs; the Helm chart turns it off.
    /// </summary>
    public bool Enabled { get; set; } = true;
}

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

/// <summary>Server limits, bound from <c>Aggregator:Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Aggregator:Limits";

    /// <summary>Largest gRPC message accepted or sent (default 4 MiB).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Submissions per second per unit (token bucket refill; default 2). A unit files one report a
    /// year, in a few sections and a few corrections: 2 per second with a burst of 20 is far more than
    /// any real filing needs, and bounds what one token can write. Load tests raise both explicitly.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SubmissionsPerSecond { get; set; } = 2;

    /// <summary>Burst of submissions per unit (token bucket size; default 20).</summary>
    [Range(1, 10_000_000)]
    public int SubmissionBurst { get; set; } = 20;

    /// <summary>
    /// Most submitted versions a unit-year may have (default 100). Every version is kept forever;
    /// past this a submission is refused with FAILED_PRECONDITION naming this setting (retrying does
    /// not help; an administrator raises the limit). Published versions (backfill) are not counted.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxVersionsPerUnitYear { get; set; } = 100;

    /// <summary>Acknowledgements a stream may have outstanding before the server stops reading it (default 256).</summary>
    [Range(1, 100_000)]
    public int MaxInFlightPerStream { get; set; } = 256;

    /// <summary>
    /// Streams and watches (SubmitStream, BackfillStream, WatchRollup, WatchStatus) one caller unit may
    /// have open at once (default 16); one more is refused with RESOURCE_EXHAUSTED.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxStreamsPerCaller { get; set; } = 16;

    /// <summary>
    /// Unary reads (GetRollup, Compare, GetYearSummary, Export, GetStatus, GetSubmission, ListVersions,
    /// GetUnit) per second per caller unit (token bucket refill; default 20); RESOURCE_EXHAUSTED above.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ReadsPerSecond { get; set; } = 20;

    /// <summary>Burst of reads per caller unit (token bucket size; default 200).</summary>
    [Range(1, 10_000_000)]
    public int ReadBurst { get; set; } = 200;

    /// <summary>
    /// Reviews and unary backfills per second per caller unit (default 5; each BackfillStream message
    /// counts too); RESOURCE_EXHAUSTED above.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ReviewsAndBackfillsPerSecond { get; set; } = 5;

    /// <summary>Burst of reviews and backfills per caller unit (default 200: a city backfilling its districts' published years).</summary>
    [Range(1, 10_000_000)]
    public int ReviewAndBackfillBurst { get; set; } = 200;

    /// <summary>Most TCP connections Kestrel serves at once (default 10000); null: unlimited.</summary>
    [Range(1, 10_000_000)]
    public long? MaxConnections { get; set; } = 10_000;

    /// <summary>Concurrent HTTP/2 streams (calls) per connection (default 100, Kestrel's default).</summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>Largest total size of a request's headers (default 32 KiB; a token is ~0.5 KiB).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Idle time after which the server pings an HTTP/2 connection (default 30 s). A client that does
    /// not answer within <see cref="KeepAlivePingTimeout"/> is disconnected, so a vanished client's
    /// streams and watches (and its <see cref="MaxStreamsPerCaller"/> slots) are released.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server waits for the answer to its keep-alive ping before closing the connection (default 20 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Latest report year accepted on submission and backfill, in years after the current year in
    /// Asia/Shanghai (default 1: next year's report at most; later years are refused with C.year).
    /// </summary>
    [Range(0, 100)]
    public int MaxYearsAhead { get; set; } = 1;
}

/// <summary>Listening endpoints, bound from <c>Aggregator:Endpoints</c>.</summary>
public sealed class EndpointsOptions
{
    public const string SectionName = "Aggregator:Endpoints";

    /// <summary>
    /// gRPC endpoint, HTTP/2. Without TLS (h2c, prior knowledge) unless <see cref="Tls"/> names a certificate
    /// or the URL is <c>https://</c> (then Kestrel's default certificate, <c>Kestrel:Certificates:Default</c>);
    /// with TLS, HTTP/2 is negotiated by ALPN. Default <c>http://127.0.0.1:5000</c>; port 0 = any free port.
    /// </summary>
    [Required]
    public string Grpc { get; set; } = "http://127.0.0.1:5000";

    /// <summary>HTTP/1.1 endpoint for <c>/metrics</c>. Default <c>http://127.0.0.1:9464</c>; empty = none.</summary>
    public string Metrics { get; set; } = "http://127.0.0.1:9464";

    /// <summary>
    /// HTTP/1.1 endpoint for browsers: the console (static files), the JSON API (<c>/v1/…</c>) and
    /// <c>/openapi.json</c>. Default <c>http://127.0.0.1:5080</c>; port 0 = any free port; empty = none.
    /// </summary>
    public string Web { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// An h2c endpoint answering only the gRPC health service (<c>grpc.health.v1.Health</c>), for probes that
    /// cannot speak TLS (Kubernetes gRPC probes) when <see cref="Grpc"/> serves TLS; every other path is
    /// refused there (NOT_FOUND). Default empty = none.
    /// </summary>
    public string Health { get; set; } = "";

    /// <summary>TLS of the gRPC and web endpoints (<c>Aggregator:Endpoints:Tls</c>).</summary>
    public TlsOptions Tls { get; set; } = new();
}

/// <summary>
/// A PEM certificate for the gRPC and web endpoints, bound from <c>Aggregator:Endpoints:Tls</c>. With
/// <see cref="CertificatePath"/> set, both serve TLS (HTTP/2 by ALPN on gRPC); the files are read again
/// when they change (a renewed certificate applies to new connections within a minute).
/// </summary>
public sealed class TlsOptions
{
    /// <summary>The certificate (chain) in PEM, e.g. <c>/tls/tls.crt</c> of a kubernetes.io/tls secret. Empty (the default): no TLS.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>Its private key in PEM, e.g. <c>/tls/tls.key</c>; empty: the key is in the certificate file.</summary>
    public string KeyPath { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(CertificatePath);
}
