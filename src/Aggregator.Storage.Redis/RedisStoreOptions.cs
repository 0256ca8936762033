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

    /// <summary>How long the writer waits for more submissions before writing a batch (default 1 ms).</summary>
    public TimeSpan GroupCommitWindow { get; set; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Most submissions written in one batch (default 512).</summary>
    [Range(1, 100_000)]
    public int MaxBatch { get; set; } = 512;

    /// <summary>Submissions queued for the writer before callers wait (backpressure; default 8192).</summary>
    [Range(1, 1_000_000)]
    public int QueueCapacity { get; set; } = 8192;

    /// <summary>Connect, sync and async timeouts of the multiplexer in milliseconds (default 2000).</summary>
    [Range(100, 600_000)]
    public int TimeoutMilliseconds { get; set; } = 2000;
}
