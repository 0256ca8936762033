namespace Aggregator.Benchmarks.Harness;

/// <summary>A phase of the load harness, run on each store in this order.</summary>
public enum HarnessPhase
{
    Ingest,
    Rollup,
    Burst,
}
