using System.ComponentModel.DataAnnotations;
using Aggregator.Security;

namespace Aggregator.Server;

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
