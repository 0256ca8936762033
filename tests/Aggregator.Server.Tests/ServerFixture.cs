using Aggregator.Testing;
using Aggregator.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Aggregator.Server.Tests;

/// <summary>The real server in-process on a Kestrel port (127.0.0.1:0) over one store (<see cref="AggregatorTestServer"/>).</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private AggregatorTestServer? _server;

    protected abstract bool UseRedisServer { get; }

    /// <summary>The host; null until started.</summary>
    public WebApplication App => _server?.App!;

    public string Address => _server?.Address ?? "";

    /// <summary>The web endpoint (console, HTTP/JSON API), <c>http://127.0.0.1:port</c>.</summary>
    public string WebAddress => _server?.WebAddress ?? "";

    /// <summary>A channel to <see cref="Address"/>; null until started.</summary>
    public GrpcChannel Channel => _server?.Channel!;

    public byte[] SigningKey => Server.SigningKey;

    public SubmissionService.SubmissionServiceClient Submissions => new(Channel);

    private AggregatorTestServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

    public async Task InitializeAsync() =>
        _server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-server-",
            UseRedisServer = UseRedisServer,
            ConfigureBuilder = ConfigureBuilder,
            RegistryYaml = RegistryYaml,
        });

    /// <summary>The registry YAML the server loads; null: the server's default (the 荆门市 sample).</summary>
    protected virtual string? RegistryYaml => null;

    /// <summary>A hook for derived fixtures: services or settings added before the server's own.</summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder)
    {
    }

    /// <summary>Call options with a bearer token.</summary>
    public CallOptions As(string unitId, string role) => Server.As(unitId, role);

    /// <summary>A bearer token of <paramref name="unitId"/> in <paramref name="role"/>.</summary>
    public string Token(string unitId, string role) => Server.Token(unitId, role);

    public static CallOptions With(string token) => AggregatorTestServer.With(token);

    /// <summary>Stops the store abruptly.</summary>
    public Task StopStoreAsync() => Server.StopStoreAsync();

    /// <summary>Starts the store again on the same data.</summary>
    public Task StartStoreAsync() => Server.StartStoreAsync();

    public virtual async Task DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }
}

public sealed class RedisServerFixture : ServerFixture
{
    protected override bool UseRedisServer => true;
}

public sealed class GarnetServerFixture : ServerFixture
{
    protected override bool UseRedisServer => false;
}
