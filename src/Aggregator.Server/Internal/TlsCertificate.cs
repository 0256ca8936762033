using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aggregator.Server.Internal;

/// <summary>
/// The endpoints' TLS certificate from PEM files (<see cref="TlsOptions"/>): loaded at start (a file that
/// cannot be loaded stops the start, naming it), then checked for changes at most once a minute on new
/// connections, so a renewed certificate (cert-manager rewriting the secret) applies without a restart.
/// A renewed file that cannot be loaded leaves the previous certificate in use.
/// </summary>
internal sealed class TlsCertificate
{
    private static readonly TimeSpan s_checkEvery = TimeSpan.FromMinutes(1);
    private readonly string _certificatePath;
    private readonly string? _keyPath;
    private readonly Lock _lock = new();
    private X509Certificate2 _current;
    private (DateTime Certificate, DateTime Key) _written;
    private long _checkedAt;

    public TlsCertificate(TlsOptions options)
    {
        _certificatePath = Path.GetFullPath(options.CertificatePath);
        _keyPath = string.IsNullOrWhiteSpace(options.KeyPath) ? null : Path.GetFullPath(options.KeyPath);
        _written = Written();
        try
        {
            _current = Load();
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException(
                $"Aggregator:Endpoints:Tls: cannot load the certificate '{_certificatePath}'{(_keyPath is null ? "" : $" with the key '{_keyPath}'")}: {e.Message}", e);
        }

        _checkedAt = Environment.TickCount64;
    }

    /// <summary>The certificate for a new connection.</summary>
    public X509Certificate2 Current
    {
        get
        {
            if (Environment.TickCount64 - Volatile.Read(ref _checkedAt) >= (long)s_checkEvery.TotalMilliseconds)
            {
                lock (_lock)
                {
                    _checkedAt = Environment.TickCount64;
                    var written = Written();
                    if (written != _written)
                    {
                        try
                        {
                            _current = Load();
                            _written = written;
                        }
                        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException or ArgumentException)
                        {
                            // Half-written or wrong files: keep serving the certificate loaded before; checked again next time.
                        }
                    }
                }
            }

            return _current;
        }
    }

    private (DateTime, DateTime) Written() =>
        (File.GetLastWriteTimeUtc(_certificatePath), _keyPath is null ? default : File.GetLastWriteTimeUtc(_keyPath));

    private X509Certificate2 Load()
    {
        using var pem = X509Certificate2.CreateFromPemFile(_certificatePath, _keyPath);
        // A PEM-loaded key is ephemeral; SslStream on some platforms needs a persisted one: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }
}
