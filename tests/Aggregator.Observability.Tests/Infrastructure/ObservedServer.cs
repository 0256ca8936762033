using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Server;
using Aggregator.Server.Auth;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Observability.Tests.Infrastructure;

/// <summary>
/// The real server in-process: gRPC on 127.0.0.1:0, Prometheus <c>/metrics</c> on a free loopback
/// port of its own (HTTP/1.1), embedded Garnet on a free port, the sample 荆门市 registry.
/// </summary>
public sealed class ObservedServer : IAsyncDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("agg-observed-").FullName;
    private WebApplication? _app;

    public int MetricsPort { get; } = PrometheusProcess.FreePort();

    /// <summary>host:port Prometheus scrapes.</summary>
    public string MetricsTarget => "127.0.0.1:" + MetricsPort.ToString(CultureInfo.InvariantCulture);

    public WebApplication App => _app ?? throw new InvalidOperationException("The server is not started.");

    public GrpcChannel Channel { get; private set; } = null!;

    public SubmissionService.SubmissionServiceClient Submissions => new(Channel);

    public byte[] SigningKey => App.Services.GetRequiredService<SigningKeyProvider>().Key;

    /// <summary>The signing key file (another replica shares it).</summary>
    public string SigningKeyPath => App.Services.GetRequiredService<SigningKeyProvider>().Path;

    /// <summary>host:port of the store (the embedded Garnet when this server runs it; another replica connects to it).</summary>
    public async Task<string> StoreEndpointAsync()
    {
        var connection = App.Services.GetRequiredService<RedisConnection>();
        await connection.StartAsync();
        return connection.Endpoint;
    }

    /// <summary>Starts the server with the test's settings on top of the defaults.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Aggregator:DataDirectory"] = _dataDirectory,
            ["Aggregator:Endpoints:Grpc"] = "http://127.0.0.1:0",
            ["Aggregator:Endpoints:Metrics"] = "http://" + MetricsTarget,
            ["Aggregator:Redis:TimeoutMilliseconds"] = "1500",
            ["Aggregator:Limits:SubmissionsPerSecond"] = "100000",
            ["Aggregator:Limits:SubmissionBurst"] = "100000",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _dataDirectory, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(all);
        builder.Logging.ClearProviders();
        builder.AddAggregatorServer();
        _app = builder.Build();
        _app.MapAggregatorServer();
        await _app.StartAsync();
        Channel = GrpcChannel.ForAddress(_app.GrpcAddress());
    }

    /// <summary>Call options with a bearer token of <paramref name="unitId"/> in <paramref name="role"/>.</summary>
    public CallOptions As(string unitId, string role) => With(TokenIssuer.Mint(SigningKey, unitId, role, TimeSpan.FromHours(1)));

    public static CallOptions With(string? token) =>
        new(token is null ? [] : new Metadata { { "authorization", "Bearer " + token } }, DateTime.UtcNow.AddSeconds(30));

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is { } app)
        {
            _app = null;
            try
            {
                await app.StopAsync();
            }
            finally
            {
                await app.DisposeAsync();
            }
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
