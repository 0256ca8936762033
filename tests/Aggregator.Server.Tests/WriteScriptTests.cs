using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Aggregator.Testing;
using StackExchange.Redis;

namespace Aggregator.Server.Tests;

/// <summary>The write script itself (<c>LuaScripts.Apply</c>) on a batch, against redis-server and embedded Garnet.</summary>
public abstract class WriteScriptTests<TFixture>(TFixture fixture)
    where TFixture : StoreFixture
{
    protected TFixture Fixture { get; } = fixture;

    protected static PartitionKey FreshPartition() => new(new UnitId("wst-" + Guid.NewGuid().ToString("N")[..12]), new ReportYear(2021));

    private protected static RedisReportStore.WriteItem Item(string unit, long version, string expectedHead = "") =>
        new(new UnitId(unit), expectedHead, Head(version),
            "k-" + unit + "-" + version.ToString(CultureInfo.InvariantCulture), [(byte)version, 1],
            RedisKeys.BlobField(new UnitId(unit), RecordSource.Submission, version), [(byte)version, 2, 3],
            [(byte)version, 4],
            Audit: "entry " + unit + " v" + version.ToString(CultureInfo.InvariantCulture));

    protected static string Head(long version) => (UnitHead.Empty with { SubmissionVersion = version, ReviewState = ReviewState.Submitted }).Format();

    [Fact]
    public async Task Apply_UnitTwiceInOneBatch_HeadIsTheLaterWrite_EveryVersionHistoryAndAuditEntryStoredInOrder()
    {
        var db = Fixture.Database;
        var partition = FreshPartition();
        RedisReportStore.WriteItem[] items = [Item("a", 1), Item("b", 1), Item("a", 2, expectedHead: Head(1))];

        var results = await RedisReportStore.ApplyAsync(db, partition, items, 1000, ["refused c"]);

        Assert.All(results, r => Assert.Equal(LuaScripts.Written, r.Code));
        Assert.Equal(Head(2), (string?)await db.HashGetAsync(RedisKeys.Heads(partition), "a"));
        Assert.Equal(Head(1), (string?)await db.HashGetAsync(RedisKeys.Heads(partition), "b"));
        foreach (var item in items)
        {
            Assert.Equal(item.Blob, (byte[]?)await db.HashGetAsync(RedisKeys.Blobs(partition), item.BlobField));
            Assert.Equal(item.Ack, (byte[]?)await db.HashGetAsync(RedisKeys.Idempotency(partition), item.IdempotencyField));
        }

        var history = await db.ListRangeAsync(RedisKeys.History(partition, new UnitId("a")));
        Assert.Equal([items[0].History, items[2].History], history.Select(h => (byte[])h!).ToArray());
        var trail = await Fixture.Store.ReadAuditAsync(new AuditTrail(partition), 0, 10);
        Assert.Equal(["refused c", "entry a v2", "entry b v1", "entry a v1"], trail.Entries.Select(e => e.Link!.EncodedEntry).ToArray());
        Assert.True((await Fixture.Store.VerifyAuditAsync(new AuditTrail(partition))).Intact);
    }

    [Fact]
    public async Task Apply_BatchLargerThanOneCommandChunk_EveryItemStored()
    {
        // 250 items: more fields than one HSET call of the script takes (100 pairs), so the chunks join up.
        var db = Fixture.Database;
        var partition = FreshPartition();
        var items = Enumerable.Range(0, 250).Select(i => Item("u" + i.ToString(CultureInfo.InvariantCulture), 1)).ToArray();

        var results = await RedisReportStore.ApplyAsync(db, partition, items, 1000, []);

        Assert.All(results, r => Assert.Equal(LuaScripts.Written, r.Code));
        Assert.Equal(250, await db.HashLengthAsync(RedisKeys.Heads(partition)));
        Assert.Equal(250, await db.HashLengthAsync(RedisKeys.Blobs(partition)));
        Assert.Equal(250, await db.HashLengthAsync(RedisKeys.Idempotency(partition)));
        Assert.Equal(250, (await Fixture.Store.VerifyAuditAsync(new AuditTrail(partition))).Count);
    }
}

[Collection("redis-store")]
public sealed class RedisWriteScriptServerTests(RedisStoreFixture fixture) : WriteScriptTests<RedisStoreFixture>(fixture)
{
    [Fact]
    public async Task Apply_BatchOfTwentySubmissions_OneHsetPerHashAndOneRpushPerUnit()
    {
        // Counted by redis-server itself (INFO commandstats counts the commands a script runs); Garnet has no commandstats.
        var redis = (RedisServerProcess)Fixture.Process;
        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.AdminConnectionString);
        var server = admin.GetServers()[0];
        var items = Enumerable.Range(0, 20).Select(i => Item("u" + i.ToString(CultureInfo.InvariantCulture), 1)).ToArray();
        var before = await CallsAsync(server);

        var results = await RedisReportStore.ApplyAsync(Fixture.Database, FreshPartition(), items, 1000, []);

        var after = await CallsAsync(server);
        Assert.All(results, r => Assert.Equal(LuaScripts.Written, r.Code));
        // Blobs, audit entries, idempotency records, heads: one HSET each for the whole batch (was one per submission and hash: 80).
        Assert.Equal(4, after.GetValueOrDefault("hset") - before.GetValueOrDefault("hset"));
        Assert.Equal(20, after.GetValueOrDefault("rpush") - before.GetValueOrDefault("rpush"));
    }

    private static async Task<Dictionary<string, long>> CallsAsync(IServer server)
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in await server.InfoAsync("commandstats"))
        {
            foreach (var (key, value) in group)
            {
                // cmdstat_hset: calls=12,usec=…
                if (key.StartsWith("cmdstat_", StringComparison.Ordinal))
                {
                    var text = value.Split(',')[0];
                    calls[key["cmdstat_".Length..]] = long.Parse(text["calls=".Length..], CultureInfo.InvariantCulture);
                }
            }
        }

        return calls;
    }
}

[Collection("garnet-store")]
public sealed class GarnetWriteScriptServerTests(GarnetStoreFixture fixture) : WriteScriptTests<GarnetStoreFixture>(fixture);
