using Aggregator.Testing;
using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Synthetic;
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

/// <summary>
/// Two server replicas sharing one store: a rollup watched on one replica updates after a
/// submission on the other, and the second replica's rollup is never stale (no per-process state).
/// </summary>
public abstract class ReplicaWatchTests : IAsyncLifetime
{
    private readonly List<string> _directories = [];
    private readonly List<WebApplication> _apps = [];
    private readonly List<GrpcChannel> _channels = [];
    private RedisServerProcess? _redis;

    protected abstract bool UseRedisServer { get; }

    public async Task InitializeAsync()
    {
        var garnetPort = EmbeddedGarnet.FreePort();
        string connection;
        if (UseRedisServer)
        {
            _redis = new RedisServerProcess();
            await _redis.StartAsync();
            connection = _redis.ConnectionString;
        }
        else
        {
            connection = "";
        }

        // Replica A owns the embedded Garnet (or talks to redis-server); replica B connects to the same store.
        var a = await StartAsync(connection, garnetPort, signingKeyFrom: null);
        var shared = UseRedisServer ? connection : "127.0.0.1:" + garnetPort.ToString(CultureInfo.InvariantCulture);
        await StartAsync(shared, 0, signingKeyFrom: a);
    }

    private async Task<WebApplication> StartAsync(string connection, int garnetPort, WebApplication? signingKeyFrom)
    {
        var directory = Directory.CreateTempSubdirectory("agg-replica-").FullName;
        _directories.Add(directory);
        if (signingKeyFrom is not null)
        {
            var key = signingKeyFrom.Services.GetRequiredService<SigningKeyProvider>().Path;
            File.Copy(key, Path.Combine(directory, "signing-key"));
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = directory, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aggregator:DataDirectory"] = directory,
            ["Aggregator:Endpoints:Grpc"] = "http://127.0.0.1:0",
            ["Aggregator:Endpoints:Metrics"] = "",
            ["Aggregator:Redis:ConnectionString"] = connection,
            ["Aggregator:Redis:EmbeddedPort"] = garnetPort.ToString(CultureInfo.InvariantCulture),
            ["Aggregator:Auth:SigningKeyPath"] = Path.Combine(directory, "signing-key"),
        });
        builder.Logging.ClearProviders();
        builder.AddAggregatorServer();
        var app = builder.Build();
        app.MapAggregatorServer();
        await app.StartAsync();
        _apps.Add(app);
        _channels.Add(GrpcChannel.ForAddress(app.GrpcAddress()));
        return app;
    }

    private CallOptions As(string unit, string role) =>
        new(new Metadata { { "authorization", "Bearer " + TokenIssuer.Mint(_apps[0].Services.GetRequiredService<SigningKeyProvider>().Key, unit, role, TimeSpan.FromHours(1)) } });

    [Fact]
    public async Task WatchOnOneReplica_SeesSubmissionsMadeOnTheOther_AndRollupsAgree()
    {
        const int year = 2031;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var watcher = new QueryService.QueryServiceClient(_channels[1]);
        using var watch = watcher.WatchRollup(new WatchRollupRequest { UnitId = "4208", Year = year }, As("4208", Roles.City).WithCancellationToken(cts.Token));
        Assert.True(await watch.ResponseStream.MoveNext(cts.Token));
        Assert.Equal(0, watch.ResponseStream.Current.Rollup.ContributingUnits);

        // Warm replica B's view of the rollup so a stale per-process cache would show.
        var before = await watcher.GetRollupAsync(new GetRollupRequest { UnitId = "4208", Year = year }, As("4208", Roles.City));
        Assert.Equal(0, before.Rollup.ContributingUnits);

        var report = SyntheticReports.Create(new UnitId("420802"), new ReportYear(year), new Random(31));
        var submitter = new SubmissionService.SubmissionServiceClient(_channels[0]);
        var ack = await submitter.SubmitAsync(new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = "replica" }, As("420802", Roles.District));
        Assert.Equal(AckOutcome.Accepted, ack.Acknowledgement.Outcome);

        Assert.True(await watch.ResponseStream.MoveNext(cts.Token));
        var watched = watch.ResponseStream.Current.Rollup;
        Assert.Equal(1, watched.ContributingUnits);
        var onA = await new QueryService.QueryServiceClient(_channels[0]).GetRollupAsync(new GetRollupRequest { UnitId = "4208", Year = year }, As("4208", Roles.City));
        var onB = await watcher.GetRollupAsync(new GetRollupRequest { UnitId = "4208", Year = year }, As("4208", Roles.City));
        Assert.Equal(onA.Rollup.Total, onB.Rollup.Total);
        Assert.Equal(watched.Total, onB.Rollup.Total);
        cts.Cancel();
    }

    public async Task DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        // Stop the replica that connects to another's store first.
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            await _apps[i].StopAsync();
            await _apps[i].DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

public sealed class RedisReplicaWatchTests : ReplicaWatchTests
{
    protected override bool UseRedisServer => true;
}

public sealed class GarnetReplicaWatchTests : ReplicaWatchTests
{
    protected override bool UseRedisServer => false;
}
