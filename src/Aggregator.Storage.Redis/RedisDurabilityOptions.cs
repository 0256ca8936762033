namespace Aggregator.Storage.Redis;

/// <summary>
/// What the server demands of an external Redis before it reports ready, bound from
/// <c>Aggregator:Redis:Durability</c>. At start-up and after every reconnect the server reads
/// <c>CONFIG GET appendonly appendfsync maxmemory-policy</c> and <c>INFO replication</c> on each
/// primary. Unless accepted here, readiness stays NOT_SERVING (and the log says why) when a primary
/// does not fsync every write (<c>appendonly</c> not <c>yes</c> or <c>appendfsync</c> not
/// <c>always</c>), may evict keys (<c>maxmemory-policy</c> not <c>noeviction</c>), or cannot be checked
/// (CONFIG disabled or renamed). The embedded Garnet is always durable (AOF + one COMMITAOF per batch).
/// </summary>
public sealed class RedisDurabilityOptions
{
    /// <summary>Accept a primary that does not fsync every write (acknowledged writes can be lost on a crash). Default false.</summary>
    public bool AcceptNotDurable { get; set; }

    /// <summary>Accept a primary whose <c>maxmemory-policy</c> may evict keys (stored reports can disappear). Default false.</summary>
    public bool AcceptEviction { get; set; }

    /// <summary>
    /// Accept a store whose settings cannot be read (CONFIG disabled or renamed, as on some managed
    /// Redis services): the operator vouches for <c>appendfsync always</c> and <c>noeviction</c>. Default false.
    /// </summary>
    public bool AcceptUnverified { get; set; }

    /// <summary>
    /// Replicas that must confirm each group-commit batch before it is acknowledged (WAITAOF on Redis
    /// 7.2+, WAIT before). Null (the default): as many as the primary reported connected
    /// (<c>connected_slaves</c>) at the last check; 0: never wait.
    /// </summary>
    public int? Replicas { get; set; }

    /// <summary>How long a batch waits for its replicas (default 1 s); past it the batch fails with UNAVAILABLE and nothing is acknowledged.</summary>
    public TimeSpan ReplicaTimeout { get; set; } = TimeSpan.FromSeconds(1);
}
