using System.ComponentModel.DataAnnotations;

namespace Aggregator.Storage.Redis;

/// <summary>Options of the audit trail, bound from <c>Aggregator:Audit</c>.</summary>
public sealed class AuditOptions
{
    public const string SectionName = "Aggregator:Audit";

    /// <summary>
    /// Most entries a trail (one city-year, or the deployment-wide trail) keeps; each append past it
    /// removes the oldest (at most 1000 per append). Verification then starts at the first retained
    /// entry and says so. Default 200 000 (about 60 MB per trail at ~300 bytes an entry).
    /// </summary>
    [Range(100, 100_000_000)]
    public int MaxEntriesPerTrail { get; set; } = 200_000;

    /// <summary>
    /// BENCHMARKS ONLY: false writes no audit entries (to measure what the trail costs). Refused at
    /// start-up unless <see cref="RedisStoreOptions.UnsafeSwitchesVariable"/> is <c>1</c>. Default true.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Entries of the non-write kinds (exports, denials) queued for the appender before new ones are dropped (counted and logged; default 10 000).</summary>
    [Range(10, 1_000_000)]
    public int QueueCapacity { get; set; } = 10_000;
}
