using Aggregator.Storage.Redis;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Aggregator.Server.Tests;

/// <summary>
/// The embedded Garnet takes background checkpoints (<see cref="RedisStoreOptions.EmbeddedCheckpointSeconds"/>):
/// its append-only log is truncated up to each one (whole segment files are deleted) instead of
/// growing for the life of the data directory, and a restart recovers every committed write from the
/// checkpoint plus the rest of the log. The kill -9 case is <see cref="CrashDurabilityTests"/>, which
/// runs with a checkpoint every second.
/// </summary>
public sealed class EmbeddedGarnetCheckpointTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("agg-garnet-checkpoint-").FullName;

    [Fact]
    public async Task BackgroundCheckpoint_IsTaken_AndARestartKeepsEveryCommittedWrite()
    {
        var directory = Path.Combine(_data, "garnet");
        var port = EmbeddedGarnet.FreePort();
        var value = new string('x', 1024);
        using (var garnet = EmbeddedGarnet.Start(directory, port, checkpointSeconds: 1))
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(garnet.ConnectionString);
            var db = redis.GetDatabase();
            await WriteAsync(db, 0, 4000, value);
            for (var i = 0; i < 120 && Snapshots(directory).Count == 0; i++)
            {
                await Task.Delay(500);
            }

            // Written after the checkpoint: recovered from the log's tail.
            await WriteAsync(db, 4000, 4100, value);
        }

        output.WriteLine($"files: {string.Join(", ", Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(directory, f)))}");
        Assert.NotEmpty(Snapshots(directory));

        using (var restarted = EmbeddedGarnet.Start(directory, port))
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(restarted.ConnectionString);
            var db = redis.GetDatabase();
            var missing = 0;
            for (var i = 0; i < 4100; i++)
            {
                missing += await db.KeyExistsAsync(Key(i)) ? 0 : 1;
            }

            Assert.Equal(0, missing);
        }
    }

    [Fact]
    public async Task NoCheckpoints_WhenTurnedOff()
    {
        var directory = Path.Combine(_data, "off");
        using (var garnet = EmbeddedGarnet.Start(directory, EmbeddedGarnet.FreePort(), checkpointSeconds: 0))
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync(garnet.ConnectionString);
            await WriteAsync(redis.GetDatabase(), 0, 1000, "y");
            await Task.Delay(3000);
        }

        Assert.Empty(Snapshots(directory));
    }

    /// <summary>The store's checkpoint snapshots (Garnet's <c>Store/checkpoints/cpr-checkpoints/*/snapshot.dat.*</c>).</summary>
    private static List<string> Snapshots(string directory) =>
        Directory.Exists(Path.Combine(directory, "Store"))
            ? [.. Directory.EnumerateFiles(Path.Combine(directory, "Store"), "snapshot.dat*", SearchOption.AllDirectories)]
            : [];

    private static RedisKey Key(int i) => $"agg:{{9902:2021}}:k{i}";

    /// <summary>SETs in batches, each batch committed to the log (COMMITAOF) as the store's group commit does.</summary>
    private static async Task WriteAsync(IDatabase db, int from, int to, string value)
    {
        for (var start = from; start < to; start += 500)
        {
            await Task.WhenAll(Enumerable.Range(start, Math.Min(500, to - start)).Select(i => db.StringSetAsync(Key(i), value)));
            await db.ExecuteAsync("COMMITAOF");
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
