using System.ComponentModel.DataAnnotations;
using Aggregator.Security;

namespace Aggregator.Server;

/// <summary>Server limits, bound from <c>Aggregator:Limits</c>.</summary>
public sealed class LimitsOptions
{
    public const string SectionName = "Aggregator:Limits";

    /// <summary>Largest gRPC message accepted or sent (default 4 MiB).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>
    /// Submissions per second per unit (token bucket refill; default 2). A unit files one report a
    /// year, in a few sections and a few corrections: 2 per second with a burst of 20 is far more than
    /// any real filing needs, and bounds what one token can write. Load tests raise both explicitly.
    /// </summary>
    [Range(1, 1_000_000)]
    public int SubmissionsPerSecond { get; set; } = 2;

    /// <summary>Burst of submissions per unit (token bucket size; default 20).</summary>
    [Range(1, 10_000_000)]
    public int SubmissionBurst { get; set; } = 20;

    /// <summary>
    /// Most submitted versions a unit-year may have (default 100). Every version is kept forever;
    /// past this a submission is refused with FAILED_PRECONDITION naming this setting (retrying does
    /// not help; an administrator raises the limit). Published versions (backfill) are not counted.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxVersionsPerUnitYear { get; set; } = 100;

    /// <summary>Acknowledgements a stream may have outstanding before the server stops reading it (default 256).</summary>
    [Range(1, 100_000)]
    public int MaxInFlightPerStream { get; set; } = 256;

    /// <summary>
    /// Streams and watches (SubmitStream, BackfillStream, WatchRollup, WatchStatus) one caller unit may
    /// have open at once (default 16); one more is refused with RESOURCE_EXHAUSTED.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxStreamsPerCaller { get; set; } = 16;

    /// <summary>
    /// Unary reads (GetRollup, Compare, GetYearSummary, Export, GetStatus, GetSubmission, ListVersions,
    /// GetUnit) per second per caller unit (token bucket refill; default 20); RESOURCE_EXHAUSTED above.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ReadsPerSecond { get; set; } = 20;

    /// <summary>Burst of reads per caller unit (token bucket size; default 200).</summary>
    [Range(1, 10_000_000)]
    public int ReadBurst { get; set; } = 200;

    /// <summary>
    /// Reviews and unary backfills per second per caller unit (default 5; each BackfillStream message
    /// counts too); RESOURCE_EXHAUSTED above.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ReviewsAndBackfillsPerSecond { get; set; } = 5;

    /// <summary>Burst of reviews and backfills per caller unit (default 200: a city backfilling its districts' published years).</summary>
    [Range(1, 10_000_000)]
    public int ReviewAndBackfillBurst { get; set; } = 200;

    /// <summary>Most TCP connections Kestrel serves at once (default 10000); null: unlimited.</summary>
    [Range(1, 10_000_000)]
    public long? MaxConnections { get; set; } = 10_000;

    /// <summary>Concurrent HTTP/2 streams (calls) per connection (default 100, Kestrel's default).</summary>
    [Range(1, 100_000)]
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>Largest total size of a request's headers (default 32 KiB; a token is ~0.5 KiB).</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Idle time after which the server pings an HTTP/2 connection (default 30 s). A client that does
    /// not answer within <see cref="KeepAlivePingTimeout"/> is disconnected, so a vanished client's
    /// streams and watches (and its <see cref="MaxStreamsPerCaller"/> slots) are released.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the server waits for the answer to its keep-alive ping before closing the connection (default 20 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Latest report year accepted on submission and backfill, in years after the current year in
    /// Asia/Shanghai (default 1: next year's report at most; later years are refused with C.year).
    /// </summary>
    [Range(0, 100)]
    public int MaxYearsAhead { get; set; } = 1;
}
