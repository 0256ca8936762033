using System.Globalization;
using Aggregator.Security;
using Aggregator.Server;
using Aggregator.Server.Auth;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Testing;

/// <summary>
/// The real server (<c>AddAggregatorServer</c> / <c>MapAggregatorServer</c>) in this process on a
/// Kestrel loopback port (h2c, 127.0.0.1:0) over a store of its own: embedded Garnet or a
/// <see cref="RedisServerProcess"/> child, with data in a temporary directory removed at dispose.
/// </summary>
public sealed class AggregatorTestServer : IAsyncDisposable
{
    private readonly AggregatorTestServerOptions _options;
    private WebApplication? _app;
    private GrpcChannel? _channel;
    private EmbeddedGarnet? _restartedGarnet;

    private AggregatorTestServer(AggregatorTestServerOptions options)
    {
        _options = options;
        DataDirectory = Directory.CreateTempSubdirectory(options.DirectoryPrefix).FullName;
        EmbeddedPort = options.PinEmbeddedPort ? EmbeddedGarnet.FreePort() : null;
    }

    /// <summary>The server's data directory (signing key, embedded store, registry).</summary>
    public string DataDirectory { get; }

    /// <summary>The embedded Garnet's port when pinned (<see cref="AggregatorTestServerOptions.PinEmbeddedPort"/>).</summary>
    public int? EmbeddedPort { get; }

    /// <summary>The redis-server child (<see cref="AggregatorTestServerOptions.UseRedisServer"/>), else null.</summary>
    public RedisServerProcess? RedisServer { get; private set; }

    public WebApplication App => _app ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>The gRPC address, <c>http://127.0.0.1:port</c>.</summary>
    public string Address { get; private set; } = "";

    /// <summary>The web (console and HTTP/JSON API) address, <c>http://127.0.0.1:port</c>.</summary>
    public string WebAddress { get; private set; } = "";

    public GrpcChannel Channel => _channel ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>The server's one store connection.</summary>
    public RedisConnection Store => App.Services.GetRequiredService<RedisConnection>();

    public byte[] SigningKey => App.Services.GetRequiredService<SigningKeyProvider>().Key;

    /// <summary>The signing key file (another replica or the CLI can share it).</summary>
    public string SigningKeyPath => App.Services.GetRequiredService<SigningKeyProvider>().Path;

    /// <summary>Starts the store (when a child), then the server; on failure disposes what it started.</summary>
    public static async Task<AggregatorTestServer> StartAsync(AggregatorTestServerOptions? options = null)
    {
        var server = new AggregatorTestServer(options ?? new AggregatorTestServerOptions());
        try
        {
            await server.StartCoreAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task StartCoreAsync()
    {
        var o = _options;
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Aggregator:DataDirectory"] = DataDirectory,
            ["Aggregator:Endpoints:Grpc"] = "http://127.0.0.1:0",
            ["Aggregator:Endpoints:Metrics"] = o.MetricsEndpoint,
            ["Aggregator:Endpoints:Web"] = "http://127.0.0.1:0",
        };
        Set("Aggregator:Redis:EmbeddedPort", EmbeddedPort);
        Set("Aggregator:Redis:TimeoutMilliseconds", o.RedisTimeoutMilliseconds);
        Set("Aggregator:Limits:SubmissionsPerSecond", o.SubmissionsPerSecond);
        Set("Aggregator:Limits:SubmissionBurst", o.SubmissionBurst);
        Set("Aggregator:Limits:MaxVersionsPerUnitYear", o.MaxVersionsPerUnitYear);
        if (o.RelaxCallerLimits)
        {
            foreach (var limit in new[] { "MaxStreamsPerCaller", "ReadsPerSecond", "ReadBurst", "ReviewsAndBackfillsPerSecond", "ReviewAndBackfillBurst" })
            {
                Set("Aggregator:Limits:" + limit, (int?)1_000_000);
            }
        }
        Set("Aggregator:Limits:MaxYearsAhead", o.MaxYearsAhead);
        if (o.RegistryYaml is { } yaml)
        {
            var registryPath = Path.Combine(DataDirectory, "registry.yaml");
            await File.WriteAllTextAsync(registryPath, yaml);
            settings["Aggregator:RegistryPath"] = registryPath;
        }

        if (o.UseRedisServer)
        {
            RedisServer = new RedisServerProcess();
            await RedisServer.StartAsync();
            settings["Aggregator:Redis:ConnectionString"] = o.RedisAdmin ? RedisServer.AdminConnectionString : RedisServer.ConnectionString;
        }

        foreach (var (key, value) in o.Settings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = DataDirectory, EnvironmentName = o.EnvironmentName });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        o.ConfigureBuilder?.Invoke(builder);
        builder.AddAggregatorServer();
        _app = builder.Build();
        _app.MapAggregatorServer();
        await _app.StartAsync();
        if (o.ConnectStore)
        {
            await Store.StartAsync();
        }

        Address = _app.GrpcAddress();
        WebAddress = _app.WebAddress();
        _channel = o.ChannelOptions is null ? GrpcChannel.ForAddress(Address) : GrpcChannel.ForAddress(Address, o.ChannelOptions);

        void Set(string key, int? value)
        {
            if (value is { } v)
            {
                settings[key] = v.ToString(CultureInfo.InvariantCulture);
            }
        }
    }

    /// <summary>A token of <paramref name="unitId"/> in <paramref name="role"/> signed with the server's current signing key and its kid (valid 1 h by default).</summary>
    public string Token(string unitId, string role, TimeSpan? lifetime = null) =>
        TokenIssuer.Mint(App.Services.GetRequiredService<SigningKeyProvider>().Ring, unitId, role, lifetime ?? TimeSpan.FromHours(1));

    /// <summary>Call options with a bearer token of <paramref name="unitId"/> in <paramref name="role"/> and a 30 s deadline.</summary>
    public CallOptions As(string unitId, string role) => With(Token(unitId, role));

    /// <summary>Call options with a bearer <paramref name="token"/> (none when null) and a 30 s deadline.</summary>
    public static CallOptions With(string? token) => new(Authorization(token), DateTime.UtcNow.AddSeconds(30));

    /// <summary>Call metadata with a bearer <paramref name="token"/> (empty when null).</summary>
    public static Metadata Authorization(string? token) => token is null ? [] : new Metadata { { "authorization", "Bearer " + token } };

    /// <summary>Stops the store abruptly (its data stays).</summary>
    public async Task StopStoreAsync()
    {
        if (RedisServer is not null)
        {
            await RedisServer.StopAsync();
        }
        else
        {
            (_restartedGarnet ?? Store.Garnet)!.Dispose();
            _restartedGarnet = null;
        }
    }

    /// <summary>Starts the store again on the same data (embedded Garnet: on its pinned port).</summary>
    public async Task StartStoreAsync()
    {
        if (RedisServer is not null)
        {
            await RedisServer.StartAsync();
        }
        else
        {
            var port = EmbeddedPort ?? throw new InvalidOperationException("Restarting embedded Garnet needs PinEmbeddedPort.");
            _restartedGarnet = EmbeddedGarnet.Start(Store.GarnetDirectory!, port);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        _channel = null;
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

        _restartedGarnet?.Dispose();
        _restartedGarnet = null;
        if (RedisServer is { } redis)
        {
            RedisServer = null;
            await redis.DisposeAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
