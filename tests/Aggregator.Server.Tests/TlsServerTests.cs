using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Aggregator.Server.Tests;

/// <summary>
/// TLS at Kestrel (issue 17.4): with a PEM certificate configured the gRPC endpoint serves TLS with HTTP/2
/// negotiated by ALPN, the web endpoint serves https, and an h2c health-only endpoint serves probes.
/// The certificate is self-signed, generated here; the client trusts exactly it (custom root trust).
/// </summary>
public sealed class TlsServerTests
{
    private const string Zhanghe = "jingmen-zhanghe";

    [Fact]
    public async Task CertificateConfigured_GrpcOverTlsWithHttp2_TrustingClientServed_OthersRefused()
    {
        var directory = Directory.CreateTempSubdirectory("agg-tls-").FullName;
        using var certificate = SelfSigned(out var certificatePath, out var keyPath, directory);
        await using var server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-tls-server-",
            Settings = new Dictionary<string, string?>
            {
                ["Aggregator:Endpoints:Tls:CertificatePath"] = certificatePath,
                ["Aggregator:Endpoints:Tls:KeyPath"] = keyPath,
                ["Aggregator:Endpoints:Health"] = "http://127.0.0.1:0",
            },
            ChannelOptions = new GrpcChannelOptions { HttpHandler = Trusting(certificate) },
        });

        var unit = await new RegistryService.RegistryServiceClient(server.Channel).GetUnitAsync(new GetUnitRequest(), server.As(Zhanghe, Roles.District));
        using var http = new HttpClient(Trusting(certificate));
        using var probe = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, server.Address) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher });
        using var web = await http.GetAsync(new Uri(server.WebAddress + "/"));
        using var untrusting = GrpcChannel.ForAddress(server.Address);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            new RegistryService.RegistryServiceClient(untrusting).GetUnitAsync(new GetUnitRequest(), server.As(Zhanghe, Roles.District)).ResponseAsync);

        Assert.StartsWith("https://127.0.0.1:", server.Address, StringComparison.Ordinal);
        Assert.Equal(Zhanghe, unit.Unit.Id);
        Assert.Equal(HttpVersion.Version20, probe.Version); // ALPN chose h2 though the client offered HTTP/1.1 too
        Assert.StartsWith("https://", server.WebAddress, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, web.StatusCode);
        Assert.Contains("SSL connection could not be established", refused.Status.Detail, StringComparison.Ordinal); // the default trust store does not know it

        // The health-only h2c endpoint: health answers, nothing else does.
        var health = server.App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single(a => a.StartsWith("http://", StringComparison.Ordinal));
        using var plain = GrpcChannel.ForAddress(health);
        var check = await new Health.HealthClient(plain).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        var other = await Assert.ThrowsAsync<RpcException>(() =>
            new RegistryService.RegistryServiceClient(plain).GetUnitAsync(new GetUnitRequest(), server.As(Zhanghe, Roles.District)).ResponseAsync);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, check.Status);
        Assert.Equal(StatusCode.NotFound, other.StatusCode);
        Assert.Contains("Only the health service", other.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateUnreadable_StartFailsNamingTheFile()
    {
        var directory = Directory.CreateTempSubdirectory("agg-tls-bad-").FullName;
        var certificatePath = Path.Combine(directory, "tls.crt");
        await File.WriteAllTextAsync(certificatePath, "not a certificate");

        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-tls-server-",
            Settings = new Dictionary<string, string?> { ["Aggregator:Endpoints:Tls:CertificatePath"] = certificatePath },
        }));

        Assert.Contains("Aggregator:Endpoints:Tls", ex.ToString(), StringComparison.Ordinal);
        Assert.Contains(certificatePath, ex.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A self-signed ECDSA P-256 server certificate for 127.0.0.1 and localhost, written as PEM files.</summary>
    private static X509Certificate2 SelfSigned(out string certificatePath, out string keyPath, string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=aggregator-test", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        certificatePath = Path.Combine(directory, "tls.crt");
        keyPath = Path.Combine(directory, "tls.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    /// <summary>A handler trusting <paramref name="root"/> as the only root (host name still checked).</summary>
    private static SocketsHttpHandler Trusting(X509Certificate2 root)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(X509CertificateLoader.LoadCertificate(root.RawData));
        var handler = new SocketsHttpHandler();
        handler.SslOptions.CertificateChainPolicy = policy;
        return handler;
    }
}
