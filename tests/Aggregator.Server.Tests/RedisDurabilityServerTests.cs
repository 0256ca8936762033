using Aggregator.Contracts.V1;
using Aggregator.Domain.Mapping;
using Aggregator.Server.Services;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Aggregator.Testing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Server.Tests;

/// <summary>
/// An external Redis is checked, not assumed, to be durable (issue 20.3): readiness stays red, saying
/// why, while it does not fsync every write, may evict, or cannot be checked, unless the operator
/// accepts it; with a replica, each batch waits for it and fails (no acknowledgement) without it.
/// Real redis-server processes: a primary and a replica.
/// </summary>
public sealed class RedisDurabilityServerTests
{
    [Fact]
    public async Task RedisFsyncingEverySecondAndEvicting_NotReadyNamingBothSettings_UntilAccepted()
    {
        await using var redis = new RedisServerProcess("--appendfsync", "everysec", "--maxmemory-policy", "allkeys-lru");
        await redis.StartAsync();

        var (ready, reason) = await ReadinessAsync(redis.ConnectionString, new RedisDurabilityOptions());
        Assert.False(ready);
        Assert.Contains("appendfsync 'everysec', not 'always'", reason, StringComparison.Ordinal);
        Assert.Contains("maxmemory-policy 'allkeys-lru', not 'noeviction'", reason, StringComparison.Ordinal);
        Assert.Contains("Aggregator:Redis:Durability:AcceptNotDurable=true", reason, StringComparison.Ordinal);
        Assert.Contains("Aggregator:Redis:Durability:AcceptEviction=true", reason, StringComparison.Ordinal);

        (ready, reason) = await ReadinessAsync(redis.ConnectionString, new RedisDurabilityOptions { AcceptNotDurable = true });
        Assert.False(ready);
        Assert.DoesNotContain("appendfsync", reason, StringComparison.Ordinal);

        (ready, reason) = await ReadinessAsync(redis.ConnectionString, new RedisDurabilityOptions { AcceptNotDurable = true, AcceptEviction = true });
        Assert.True(ready, reason);
        Assert.Contains("ACCEPTED BY CONFIGURATION", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisWithConfigDisabled_NotReadySayingItCannotBeVerified_UntilAccepted()
    {
        await using var redis = new RedisServerProcess("--rename-command", "CONFIG", "");
        await redis.StartAsync();

        var (ready, reason) = await ReadinessAsync(redis.ConnectionString, new RedisDurabilityOptions());
        Assert.False(ready);
        Assert.Contains("refused CONFIG GET", reason, StringComparison.Ordinal);
        Assert.Contains("Aggregator:Redis:Durability:AcceptUnverified", reason, StringComparison.Ordinal);

        (ready, reason) = await ReadinessAsync(redis.ConnectionString, new RedisDurabilityOptions { AcceptUnverified = true });
        Assert.True(ready, reason);
    }

    [Fact]
    public async Task DurableRedis_Ready()
    {
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();

        var (ready, reason) = await ReadinessAsync(redis.ConnectionString, new RedisDurabilityOptions());
        Assert.True(ready, reason);
        Assert.Contains("appendonly yes, appendfsync always, noeviction", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrimaryWithReplica_BatchWaitsForIt_AndFailsWithoutAcknowledgingOnceItIsGone()
    {
        await using var primary = new RedisServerProcess();
        await primary.StartAsync();
        var replica = new RedisServerProcess("--replicaof", "127.0.0.1", primary.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await replica.StartAsync();
        try
        {
            await WaitForReplicasAsync(primary, 1);
            var options = Options.Create(new RedisStoreOptions { ConnectionString = primary.ConnectionString, TimeoutMilliseconds = 4000, Durability = new RedisDurabilityOptions { ReplicaTimeout = TimeSpan.FromMilliseconds(500) } });
            await using var connection = new RedisConnection(options);
            await connection.StartAsync();
            await using var store = new RedisReportStore(connection, TestRegistry.Tree, options);
            Assert.Equal((true, 1, false), (connection.Durability.Ready, connection.Durability.Replicas, connection.Durability.WaitAof));

            var unit = TestRegistry.FreshDistrict();
            var first = await store.SubmitAsync(Command(unit, "with-replica"));
            Assert.Equal(AckOutcome.Accepted, first.Outcome);
            // WAIT returned: the replica has the head already.
            await using (var direct = await ConnectionMultiplexer.ConnectAsync(replica.ConnectionString))
            {
                Assert.True(await direct.GetDatabase().HashExistsAsync(RedisKeys.Heads(store.PartitionOf(new Domain.UnitId(unit), new Domain.ReportYear(2021))), unit));
            }

            await replica.StopAsync();
            var failure = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.SubmitAsync(Command(unit, "replica-gone")));
            Assert.Contains("only 0 of 1 replica(s)", failure.InnerException?.Message, StringComparison.Ordinal);
        }
        finally
        {
            await replica.DisposeAsync();
        }
    }

    private static SubmissionCommand Command(string unit, string key) =>
        new(ReportMapper.ToDomain(TestReports.Zhanghe2021(unit)).Report!, key, null, "test");

    private static async Task<(bool Ready, string Reason)> ReadinessAsync(string connectionString, RedisDurabilityOptions durability)
    {
        var options = Options.Create(new RedisStoreOptions { ConnectionString = connectionString, TimeoutMilliseconds = 4000, Durability = durability });
        await using var connection = new RedisConnection(options);
        await connection.StartAsync();
        await using var store = new RedisReportStore(connection, TestRegistry.Tree, options);
        var result = await new StoreHealthCheck(store, connection).CheckHealthAsync(new HealthCheckContext());
        return (result.Status == HealthStatus.Healthy, result.Description ?? "");
    }

    private static async Task WaitForReplicasAsync(RedisServerProcess primary, int count)
    {
        await using var admin = await ConnectionMultiplexer.ConnectAsync(primary.AdminConnectionString);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var info = await admin.GetServers()[0].InfoAsync("replication");
            // Connected and through the initial sync (a replica acknowledges offsets only when online).
            if (info.SelectMany(g => g).Count(p => p.Key.StartsWith("slave", StringComparison.Ordinal) && p.Value.Contains("state=online", StringComparison.Ordinal)) == count)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The replica did not connect.");
    }
}
