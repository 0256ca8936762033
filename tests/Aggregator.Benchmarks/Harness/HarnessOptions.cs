namespace Aggregator.Benchmarks.Harness;

/// <summary>Which store the server under test uses.</summary>
public enum StoreChoice
{
    /// <summary>Microsoft.Garnet in the server's process (the default deployment).</summary>
    Garnet,

    /// <summary>A real redis-server child process on a loopback port (appendfsync always).</summary>
    RedisServer,
}

/// <summary>
/// Sizes and bounds of one harness run. Every phase is bounded by a count and by <see cref="PhaseTimeout"/>;
/// everything listens and connects on 127.0.0.1 only.
/// </summary>
public sealed record HarnessOptions
{
    /// <summary>Stores to run against, in order.</summary>
    public IReadOnlyList<StoreChoice> Stores { get; init; } = [StoreChoice.Garnet, StoreChoice.RedisServer];

    /// <summary>Reports per ingest round (each round submits fresh units, one report each).</summary>
    public int IngestReports { get; init; } = 10_000;

    /// <summary>Concurrent SubmitStream / EchoStream calls (K).</summary>
    public int Streams { get; init; } = 4;

    /// <summary>Concurrent unary calls in flight.</summary>
    public int UnaryConcurrency { get; init; } = 32;

    /// <summary>Alternations of echo and ingest (echo, ingest, echo, ingest, …) per mode.</summary>
    public int Rounds { get; init; } = 3;

    /// <summary>Most warm-up groups (of <see cref="IngestReports"/> fresh units each) before the measured ingest rounds.</summary>
    public int WarmupGroups { get; init; } = 4;

    /// <summary>Districts per city in the ingest registry (a city-year is one store partition).</summary>
    public int IngestDistrictsPerCity { get; init; } = 200;

    /// <summary>Sizes (districts in one city) of the rollup latency phase.</summary>
    public IReadOnlyList<int> RollupSizes { get; init; } = [10, 100, 1_000, 10_000];

    /// <summary>Timed GetRollup calls (UNIT_LISTING_NONE) per size.</summary>
    public int RollupCalls { get; init; } = 2_000;

    /// <summary>Timed GetRollup calls with UNIT_LISTING_FULL at the largest size.</summary>
    public int RollupFullCalls { get; init; } = 200;

    /// <summary>Deadline burst registry: provinces × cities per province × districts per city.</summary>
    public (int Provinces, int Cities, int Districts) Burst { get; init; } = (10, 20, 500);

    /// <summary>Longest any one phase may run before it is stopped and reported as timed out.</summary>
    public TimeSpan PhaseTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Report year of every synthetic report.</summary>
    public int Year { get; init; } = 2024;

    /// <summary>
    /// Whether the server's status gauges cover the benchmark year (production during the deadline: they cover
    /// the year being reported). False points them at the year before, which has no data, to isolate their cost.
    /// </summary>
    public bool StatusGaugesOnBenchYear { get; init; } = true;

    /// <summary>Whether the server writes the audit trail (false only to measure what it costs: <c>--audit-compare</c>).</summary>
    public bool Audit { get; init; } = true;

    /// <summary>Runs the ingest phase a second time per store with the audit trail off, to show its cost in the same run.</summary>
    public bool CompareAudit { get; init; }

    /// <summary>
    /// When set, one extra streamed ingest round per store (after the measured rounds, so they are not
    /// perturbed) runs under <c>perf record -g</c> of this process and the redis-server child; the data
    /// goes to <c>{dir}/{store}.perf.data</c> and its CPU per submission to <c>{dir}/{store}.cpu</c>
    /// (<c>scripts/profile.sh</c> turns both into a flame graph and a stage budget).
    /// </summary>
    public string? PerfDirectory { get; init; }

    /// <summary>Shortest round of one floor stage (each stage repeats over the reports until it has run this long).</summary>
    public TimeSpan FloorRound { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Runs only the ingest phase (no rollup latency, no deadline burst).</summary>
    public bool IngestOnly
    {
        get => Phases.SetEquals([HarnessPhase.Ingest]);
        init => Phases = value ? new HashSet<HarnessPhase> { HarnessPhase.Ingest } : new HashSet<HarnessPhase> { HarnessPhase.Ingest, HarnessPhase.Rollup, HarnessPhase.Burst };
    }

    /// <summary>The phases to run on each store (<c>--phases ingest,rollup,burst</c>; all by default).</summary>
    public IReadOnlySet<HarnessPhase> Phases { get; init; } = new HashSet<HarnessPhase> { HarnessPhase.Ingest, HarnessPhase.Rollup, HarnessPhase.Burst };

    /// <summary>Narrative characters per section of the synthetic reports.</summary>
    public int NarrativeLength { get; init; } = 40;

    /// <summary>Seed of the synthetic figures.</summary>
    public int Seed { get; init; } = 20240331;

    /// <summary>Progress lines (null = silent).</summary>
    public TextWriter? Log { get; init; }

    /// <summary>The full run of <c>scripts/bench.sh</c>.</summary>
    public static HarnessOptions Full => new();

    /// <summary>Tiny sizes: proves every phase still runs (the smoke test, <c>bench.sh --quick</c>).</summary>
    public static HarnessOptions Quick => new()
    {
        IngestReports = 20,
        Streams = 1,
        UnaryConcurrency = 2,
        Rounds = 1,
        IngestDistrictsPerCity = 10,
        RollupSizes = [3, 10],
        RollupCalls = 20,
        RollupFullCalls = 5,
        Burst = (1, 2, 5),
        PhaseTimeout = TimeSpan.FromSeconds(60),
        FloorRound = TimeSpan.FromMilliseconds(10),
        WarmupGroups = 1,
    };

    public int BurstUnits => Burst.Provinces * Burst.Cities * Burst.Districts;
}
