using System.ComponentModel.DataAnnotations;

namespace Aggregator.Storage.Redis;

/// <summary>Options of the Redis report store, bound from <c>Aggregator:Redis</c>.</summary>
public sealed class RedisStoreOptions
{
    public const string SectionName = "Aggregator:Redis";

    /// <summary>
    /// StackExchange.Redis connection string of an external Redis (or Redis Cluster). Empty (the
    /// default): start an embedded Garnet on a free loopback port with AOF under
    /// <see cref="DataDirectory"/>/garnet.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The data directory (default: <c>Aggregator:DataDirectory</c>, else <c>./data</c>).</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Port of the embedded Garnet; 0 (default) picks a free loopback port.</summary>
    [Range(0, 65535)]
    public int EmbeddedPort { get; set; }

    /// <summary>
    /// Seconds between background checkpoints of the embedded Garnet (default 600; 0 = none). A
    /// checkpoint snapshots the store and lets its append-only log be truncated up to it: without one
    /// the log grows with every write for the life of the data directory, and a restart replays all
    /// of it. Acknowledged writes are durable either way (each batch is committed to the log).
    /// </summary>
    [Range(0, 7 * 24 * 3600)]
    public int EmbeddedCheckpointSeconds { get; set; } = 600;

    /// <summary>How long the writer waits for more submissions before writing a batch (default 1 ms).</summary>
    public TimeSpan GroupCommitWindow { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Most submissions written in one batch (default 512).</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 512;

    /// <summary>
    /// Most bytes of reports written in one batch (default 4 MiB, the size of one largest message):
    /// a batch ends before the submission that would take it past this, so one script call and one
    /// durable commit carry at most this much whatever the sizes submitted. A single submission
    /// larger than this goes alone in its own batch. A submission counts as the protobuf size of its report.
    /// </summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Submissions queued for the writer before callers wait (backpressure; default 8192).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 8192;

    /// <summary>
    /// Expiry of every cache entry the store writes (the rollup digests and unit lists under
    /// <c>agg:{p:y}:cache:</c>; default 24 hours, at least 1 second). A digest is rewritten whenever
    /// its partition changes and a query needs it; one left alone (an old catalog fingerprint, a
    /// policy nobody asks for, a partition nobody queries) disappears after this long, and the next
    /// query recomputes it once. Stored data (heads, versions, history, idempotency records) never expires.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>What an external Redis must guarantee before the server reports ready (<c>Aggregator:Redis:Durability</c>).</summary>
    public RedisDurabilityOptions Durability { get; set; } = new();

    /// <summary>
    /// TESTS ONLY: skip the durable commit (COMMITAOF, replica wait) before acknowledging, to show
    /// that the crash tests fail without it. Refused at start-up unless the environment variable
    /// <see cref="UnsafeSwitchesVariable"/> is <c>1</c>. Default false.
    /// </summary>
    public bool UnsafeSkipDurableCommit { get; set; }

    /// <summary>The environment variable that must be <c>1</c> for <see cref="UnsafeSkipDurableCommit"/> to be allowed.</summary>
    public const string UnsafeSwitchesVariable = "AGGREGATOR_UNSAFE_TEST_SWITCHES";

    /// <summary>Connect, sync and async timeouts of the multiplexer in milliseconds (default 2000).</summary>
    [Range(100, 600_000)]
    public int TimeoutMilliseconds { get; set; } = 2000;
}
