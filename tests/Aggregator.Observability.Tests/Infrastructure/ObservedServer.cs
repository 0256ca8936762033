using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Aggregator.Observability.Tests.Infrastructure;

/// <summary>
/// The real server in-process (<see cref="AggregatorTestServer"/>): gRPC on 127.0.0.1:0, Prometheus
/// <c>/metrics</c> on a free loopback port of its own (HTTP/1.1), embedded Garnet, the sample 荆门市 registry.
/// </summary>
public sealed class ObservedServer : IAsyncDisposable
{
    private AggregatorTestServer? _server;

    public int MetricsPort { get; } = PrometheusProcess.FreePort();

    /// <summary>host:port Prometheus scrapes.</summary>
    public string MetricsTarget => "127.0.0.1:" + MetricsPort.ToString(CultureInfo.InvariantCulture);

    public WebApplication App => Server.App;

    /// <summary>A channel to the server; null until started.</summary>
    public GrpcChannel Channel => _server?.Channel!;

    public SubmissionService.SubmissionServiceClient Submissions => new(Channel);

    public byte[] SigningKey => Server.SigningKey;

    /// <summary>The signing key file (another replica shares it).</summary>
    public string SigningKeyPath => Server.SigningKeyPath;

    private AggregatorTestServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>The connection string of the store (the embedded Garnet's, with its password, when this server runs it; another replica connects to it).</summary>
    public async Task<string> StoreConnectionStringAsync()
    {
        var connection = Server.Store;
        await connection.StartAsync();
        return connection.Garnet?.ConnectionString ?? connection.Endpoint;
    }

    /// <summary>Starts the server with the test's settings on top of the defaults.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string?> settings) =>
        _server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-observed-",
            MetricsEndpoint = "http://" + MetricsTarget,
            PinEmbeddedPort = false,
            RedisTimeoutMilliseconds = 1500,
            Settings = settings,
        });

    /// <summary>Call options with a bearer token of <paramref name="unitId"/> in <paramref name="role"/>.</summary>
    public CallOptions As(string unitId, string role) => Server.As(unitId, role);

    public static CallOptions With(string? token) => AggregatorTestServer.With(token);

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }
}
