using Aggregator.Testing;
using System.Diagnostics;
using System.Globalization;
using Aggregator.Domain.Registry;
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
using StackExchange.Redis;

namespace Aggregator.Benchmarks.Harness;

/// <summary>
/// The real Aggregator server in this process (Kestrel h2c on 127.0.0.1:0) over a fresh store, the
/// way the server tests host it, with the client in the same process.
/// </summary>
internal sealed class AggregatorHost : IAsyncDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("agg-bench-").FullName;
    private RedisServerProcess? _redis;
    private WebApplication? _app;

    private AggregatorHost(StoreChoice store) => Store = store;

    public StoreChoice Store { get; }

    public WebApplication App => _app ?? throw new InvalidOperationException("Not started.");

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>An admin token's call metadata (admin may submit for any unit).</summary>
    public Metadata Headers { get; private set; } = [];

    /// <summary>The server's one multiplexer (for client-side profiling).</summary>
    public IConnectionMultiplexer Multiplexer => App.Services.GetRequiredService<RedisConnection>().Multiplexer;

    /// <summary>A separate admin connection to the store (INFO), not counted by the profiler.</summary>
    public ConnectionMultiplexer? AdminConnection { get; private set; }

    /// <summary>Starts redis-server (when asked) and the server with <paramref name="registry"/>.</summary>
    public static async Task<AggregatorHost> StartAsync(StoreChoice store, IEnumerable<UnitDefinition> registry, int year, bool statusGauges = true)
    {
        var host = new AggregatorHost(store);
        try
        {
            await host.StartCoreAsync(registry, year, statusGauges);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync(IEnumerable<UnitDefinition> registry, int year, bool statusGauges)
    {
        var registryPath = Path.Combine(_dataDirectory, "registry.yaml");
        await File.WriteAllTextAsync(registryPath, SyntheticRegistry.ToYaml(registry));
        var settings = new Dictionary<string, string?>
        {
            ["Aggregator:DataDirectory"] = _dataDirectory,
            ["Aggregator:RegistryPath"] = registryPath,
            ["Aggregator:Endpoints:Grpc"] = "http://127.0.0.1:0",
            ["Aggregator:Endpoints:Metrics"] = "",
            ["Aggregator:Redis:EmbeddedPort"] = EmbeddedGarnet.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Aggregator:Redis:TimeoutMilliseconds"] = "20000",
            ["Aggregator:Limits:SubmissionsPerSecond"] = "1000000",
            ["Aggregator:Limits:SubmissionBurst"] = "10000000",
            // The status gauges cover the year being reported, as in production during the deadline.
            ["Aggregator:Metrics:Years:0"] = (statusGauges ? year : year - 1).ToString(CultureInfo.InvariantCulture),
        };
        if (Store == StoreChoice.RedisServer)
        {
            _redis = new RedisServerProcess();
            await _redis.StartAsync();
            settings["Aggregator:Redis:ConnectionString"] = _redis.AdminConnectionString;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _dataDirectory, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddAggregatorServer();
        _app = builder.Build();
        _app.MapAggregatorServer();
        await _app.StartAsync();
        await _app.Services.GetRequiredService<RedisConnection>().StartAsync();

        Channel = GrpcChannel.ForAddress(_app.GrpcAddress(), new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 });
        var key = _app.Services.GetRequiredService<SigningKeyProvider>().Key;
        var root = registry.First().Id;
        Headers = new Metadata { { "authorization", "Bearer " + TokenIssuer.Mint(key, root, Roles.Admin, TimeSpan.FromHours(6)) } };

        var admin = ConfigurationOptions.Parse(Store == StoreChoice.RedisServer
            ? _redis!.AdminConnectionString
            : _app.Services.GetRequiredService<RedisConnection>().Garnet!.Endpoint);
        admin.AllowAdmin = true;
        admin.ClientName = "aggregator-bench-admin";
        AdminConnection = await ConnectionMultiplexer.ConnectAsync(admin);
    }

    /// <summary>
    /// CPU time used so far by this process (server, client and embedded Garnet) and the redis-server
    /// child: every CPU cycle a submission costs on this machine.
    /// </summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime + (_redis?.ProcessorTime ?? TimeSpan.Zero);
        }
    }

    public CallOptions Call(CancellationToken cancellationToken) => new(Headers, cancellationToken: cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (AdminConnection is { } a)
        {
            await a.CloseAsync();
            a.Dispose();
        }

        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
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
