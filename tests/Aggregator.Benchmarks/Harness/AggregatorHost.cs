using System.Diagnostics;
using System.Globalization;
using Aggregator.Domain.Registry;
using Aggregator.Security;
using Aggregator.Testing;
using Aggregator.Testing.Synthetic;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using StackExchange.Redis;

namespace Aggregator.Benchmarks.Harness;

/// <summary>
/// The real Aggregator server in this process (<see cref="AggregatorTestServer"/>: Kestrel h2c on
/// 127.0.0.1:0) over a fresh store, the way the server tests host it, with the client in the same
/// process; production environment, generous timeouts and rate limits, an admin token.
/// </summary>
internal sealed class AggregatorHost : IAsyncDisposable
{
    private readonly AggregatorTestServer _server;

    private AggregatorHost(StoreChoice store, AggregatorTestServer server, Metadata headers)
    {
        Store = store;
        _server = server;
        Headers = headers;
    }

    public StoreChoice Store { get; }

    public WebApplication App => _server.App;

    public GrpcChannel Channel => _server.Channel;

    /// <summary>The web endpoint (HTTP/JSON API), <c>http://127.0.0.1:port</c>.</summary>
    public string WebAddress => _server.WebAddress;

    /// <summary>An admin token's call metadata (admin may submit for any unit).</summary>
    public Metadata Headers { get; }

    /// <summary>The server's one multiplexer (for client-side profiling).</summary>
    public IConnectionMultiplexer Multiplexer => _server.Store.Multiplexer;

    /// <summary>The server's store connection (the floor phase calls the write script through it).</summary>
    public Aggregator.Storage.Redis.RedisConnection Connection => _server.Store;

    /// <summary>CPU time of the redis-server child so far (zero for embedded Garnet, which runs in this process).</summary>
    public TimeSpan StoreServerProcessorTime => _server.RedisServer?.ProcessorTime ?? TimeSpan.Zero;

    /// <summary>The redis-server child's process id (null for embedded Garnet).</summary>
    public int? StoreServerProcessId => _server.RedisServer?.ProcessId;

    /// <summary>A separate admin connection to the store (INFO), not counted by the profiler.</summary>
    public ConnectionMultiplexer? AdminConnection { get; private set; }

    /// <summary>Starts redis-server (when asked) and the server with <paramref name="registry"/>.</summary>
    /// <param name="audit">False turns the audit trail off (benchmarks only: sets the unsafe-switches variable in this process).</param>
    public static async Task<AggregatorHost> StartAsync(StoreChoice store, IEnumerable<UnitDefinition> registry, int year, bool statusGauges = true, bool audit = true)
    {
        if (!audit)
        {
            Environment.SetEnvironmentVariable(Aggregator.Storage.Redis.RedisStoreOptions.UnsafeSwitchesVariable, "1");
        }

        var server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-bench-",
            EnvironmentName = "Production",
            UseRedisServer = store == StoreChoice.RedisServer,
            RedisAdmin = true,
            RedisTimeoutMilliseconds = 20000,
            SubmissionsPerSecond = 1_000_000,
            SubmissionBurst = 10_000_000,
            RegistryYaml = SyntheticRegistry.ToYaml(registry),
            Settings = new Dictionary<string, string?>
            {
                // The status gauges cover the year being reported, as in production during the deadline.
                ["Aggregator:Metrics:Years:0"] = (statusGauges ? year : year - 1).ToString(CultureInfo.InvariantCulture),
                ["Aggregator:Audit:Enabled"] = audit ? "true" : "false",
            },
            ConnectStore = true,
            ChannelOptions = new GrpcChannelOptions { MaxReceiveMessageSize = 64 * 1024 * 1024 },
        });
        var headers = AggregatorTestServer.Authorization(server.Token(registry.First().Id, Roles.Admin, TimeSpan.FromHours(6)));
        var host = new AggregatorHost(store, server, headers);
        try
        {
            await host.ConnectAdminAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task ConnectAdminAsync()
    {
        var admin = ConfigurationOptions.Parse(Store == StoreChoice.RedisServer
            ? _server.RedisServer!.AdminConnectionString
            : _server.Store.Garnet!.ConnectionString);
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
            return self.TotalProcessorTime + (_server.RedisServer?.ProcessorTime ?? TimeSpan.Zero);
        }
    }

    public CallOptions Call(CancellationToken cancellationToken) => new(Headers, cancellationToken: cancellationToken);

    /// <summary>A token of <paramref name="unitId"/> in <paramref name="role"/> signed with the server's key.</summary>
    public string Token(string unitId, string role) => _server.Token(unitId, role, TimeSpan.FromHours(6));

    public async ValueTask DisposeAsync()
    {
        if (AdminConnection is { } a)
        {
            AdminConnection = null;
            await a.CloseAsync();
            a.Dispose();
        }

        await _server.DisposeAsync();
    }
}
