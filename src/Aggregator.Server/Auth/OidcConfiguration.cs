using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Aggregator.Server.Auth;

/// <summary>
/// The identity provider's discovery document and signing keys (JWKS) for the OIDC scheme's JwtBearer.
/// Fetched on first use and again after <see cref="OidcOptions.KeysRefreshInterval"/>; and fetched at once,
/// before the token is checked, when a token names a key id (<c>kid</c>) the keys do not hold — a key the
/// provider rotated in — at most once per <see cref="OidcOptions.UnknownKeyRefreshMinInterval"/>.
/// </summary>
/// <remarks>
/// Our own manager rather than IdentityModel's <c>ConfigurationManager</c>, whose refresh on an unknown
/// key runs in the background after the token has already been refused: the first token of a rotated key
/// would fail once.
/// </remarks>
public sealed class OidcConfiguration : IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly string _address;
    private readonly IDocumentRetriever _retriever;
    private readonly OidcOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile OpenIdConnectConfiguration? _current;
    private DateTimeOffset _fetchedAt;
    private volatile bool _stale;

    public OidcConfiguration(OidcOptions options, HttpClient http, TimeProvider time, ILogger logger)
    {
        _options = options;
        _address = options.EffectiveMetadataAddress;
        _retriever = new HttpDocumentRetriever(http) { RequireHttps = options.RequireHttpsMetadata };
        _time = time;
        _logger = logger;
    }

    /// <summary>The configuration, fetched when there is none yet, when it is older than the refresh interval, or after <see cref="RequestRefresh"/>.</summary>
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var current = _current;
        if (current is not null && !_stale && _time.GetUtcNow() - _fetchedAt < _options.KeysRefreshInterval)
        {
            return current;
        }

        return await FetchAsync(current, cancel);
    }

    /// <summary>Asks for a fetch on the next use, unless the last fetch is more recent than <see cref="OidcOptions.UnknownKeyRefreshMinInterval"/>.</summary>
    public void RequestRefresh()
    {
        if (_time.GetUtcNow() - _fetchedAt >= _options.UnknownKeyRefreshMinInterval)
        {
            _stale = true;
        }
    }

    /// <summary>
    /// Before a token is checked: when <paramref name="authorization"/> carries a JWT whose <c>kid</c> the
    /// current keys do not hold, fetches the keys now (subject to <see cref="OidcOptions.UnknownKeyRefreshMinInterval"/>).
    /// </summary>
    public async Task EnsureKeyAsync(string? authorization, CancellationToken cancel)
    {
        const string Scheme = "Bearer ";
        var current = _current;
        if (current is null || authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        string? kid;
        try
        {
            kid = new JsonWebToken(authorization[Scheme.Length..].Trim()).Kid;
        }
        catch (ArgumentException)
        {
            return;
        }

        if (kid is null || current.SigningKeys.Any(k => k.KeyId == kid))
        {
            return;
        }

        RequestRefresh();
        if (_stale)
        {
            Log.OidcUnknownKey(_logger, kid);
            await GetConfigurationAsync(cancel);
        }
    }

    private async Task<OpenIdConnectConfiguration> FetchAsync(OpenIdConnectConfiguration? seen, CancellationToken cancel)
    {
        await _gate.WaitAsync(cancel);
        try
        {
            // Another caller fetched while this one waited.
            if (_current is { } fresh && !ReferenceEquals(fresh, seen) && !_stale)
            {
                return fresh;
            }

            try
            {
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_address, _retriever, cancel);
                _current = configuration;
                _fetchedAt = _time.GetUtcNow();
                _stale = false;
                var kids = string.Join(", ", configuration.SigningKeys.Select(k => k.KeyId));
                Log.OidcKeysFetched(_logger, _address, configuration.SigningKeys.Count, kids);
                return configuration;
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or ArgumentException && seen is not null)
            {
                // The provider is unreachable: keep its last keys (tokens keep working) and try again later.
                Log.OidcFetchFailed(_logger, _address, e.Message);
                _fetchedAt = _time.GetUtcNow();
                _stale = false;
                return seen!;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
