using Aggregator.Testing;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Server.Auth;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Server.Tests;

/// <summary>The real server in-process on a Kestrel port (127.0.0.1:0) over one store.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("agg-server-").FullName;
    private readonly int _garnetPort = EmbeddedGarnet.FreePort();
    private RedisServerProcess? _redis;
    private EmbeddedGarnet? _restartedGarnet;

    protected abstract bool UseRedisServer { get; }

    public WebApplication App { get; private set; } = null!;

    public string Address { get; private set; } = "";

    public GrpcChannel Channel { get; private set; } = null!;

    public byte[] SigningKey => App.Services.GetRequiredService<SigningKeyProvider>().Key;

    public async Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Aggregator:DataDirectory"] = _dataDirectory,
            ["Aggregator:Endpoints:Grpc"] = "http://127.0.0.1:0",
            ["Aggregator:Endpoints:Metrics"] = "",
            ["Aggregator:Redis:EmbeddedPort"] = _garnetPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Aggregator:Redis:TimeoutMilliseconds"] = "4000",
            ["Aggregator:Limits:SubmissionsPerSecond"] = "100000",
            ["Aggregator:Limits:SubmissionBurst"] = "100000",
        };
        if (UseRedisServer)
        {
            _redis = new RedisServerProcess();
            await _redis.StartAsync();
            settings["Aggregator:Redis:ConnectionString"] = _redis.ConnectionString;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _dataDirectory, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        ConfigureBuilder(builder);
        builder.AddAggregatorServer();
        App = builder.Build();
        App.MapAggregatorServer();
        await App.StartAsync();
        Address = App.GrpcAddress();
        Channel = GrpcChannel.ForAddress(Address);
    }

    /// <summary>A hook for derived fixtures: services or settings added before the server's own.</summary>
    protected virtual void ConfigureBuilder(WebApplicationBuilder builder)
    {
    }

    /// <summary>Call options with a bearer token.</summary>
    public CallOptions As(string unitId, string role) => With(TokenIssuer.Mint(SigningKey, unitId, role, TimeSpan.FromHours(1)));

    public static CallOptions With(string token) =>
        new(new Metadata { { "authorization", "Bearer " + token } }, DateTime.UtcNow.AddSeconds(30));

    public SubmissionService.SubmissionServiceClient Submissions => new(Channel);

    /// <summary>Stops the store abruptly.</summary>
    public async Task StopStoreAsync()
    {
        if (_redis is not null)
        {
            await _redis.StopAsync();
        }
        else
        {
            (_restartedGarnet ?? App.Services.GetRequiredService<RedisConnection>().Garnet)!.Dispose();
            _restartedGarnet = null;
        }
    }

    /// <summary>Starts the store again on the same data.</summary>
    public async Task StartStoreAsync()
    {
        if (_redis is not null)
        {
            await _redis.StartAsync();
        }
        else
        {
            _restartedGarnet = EmbeddedGarnet.Start(App.Services.GetRequiredService<RedisConnection>().GarnetDirectory!, _garnetPort);
        }
    }

    public async Task DisposeAsync()
    {
        Channel.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _restartedGarnet?.Dispose();
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
