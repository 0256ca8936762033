using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Aggregator.Server.Tests;

/// <summary>
/// Two server replicas sharing one store: a rollup watched on one replica updates after a
/// submission on the other, and the second replica's rollup is never stale (no per-process state).
/// </summary>
public abstract class ReplicaWatchTests : IAsyncLifetime
{
    private readonly List<AggregatorTestServer> _replicas = [];
    private GrpcChannel[] _channels = [];

    protected abstract bool UseRedisServer { get; }

    public async Task InitializeAsync()
    {
        // Replica A owns the embedded Garnet (or the redis-server child); replica B connects to the
        // same store with A's signing key.
        var a = await StartReplicaAsync(UseRedisServer, pinEmbeddedPort: true, new Dictionary<string, string?>());
        var shared = a.RedisServer?.ConnectionString ?? a.Store.Garnet!.ConnectionString;
        var b = await StartReplicaAsync(useRedisServer: false, pinEmbeddedPort: false, new Dictionary<string, string?>
        {
            ["Aggregator:Redis:ConnectionString"] = shared,
            ["Aggregator:Auth:SigningKeyPath"] = a.SigningKeyPath,
        });
        _channels = [a.Channel, b.Channel];
    }

    private async Task<AggregatorTestServer> StartReplicaAsync(bool useRedisServer, bool pinEmbeddedPort, IReadOnlyDictionary<string, string?> settings)
    {
        var replica = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-replica-",
            UseRedisServer = useRedisServer,
            PinEmbeddedPort = pinEmbeddedPort,
            RedisTimeoutMilliseconds = null,
            SubmissionsPerSecond = null,
            SubmissionBurst = null,
            Settings = settings,
        });
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>A bearer token signed by replica A's key, no deadline.</summary>
    private CallOptions As(string unit, string role) => new(AggregatorTestServer.Authorization(_replicas[0].Token(unit, role)));

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
        // Stop the replica that connects to another's store first.
        for (var i = _replicas.Count - 1; i >= 0; i--)
        {
            await _replicas[i].DisposeAsync();
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
