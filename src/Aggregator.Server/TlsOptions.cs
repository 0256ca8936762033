using System.ComponentModel.DataAnnotations;
using Aggregator.Security;

namespace Aggregator.Server;

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
