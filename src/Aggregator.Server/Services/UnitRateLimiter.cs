using System.Collections.Concurrent;

namespace Aggregator.Server.Services;

/// <summary>
/// A token bucket per unit (<paramref name="burst"/> tokens, refilled at <paramref name="perSecond"/>),
/// refilled lazily when the unit next submits: no timer walks the buckets, so the cost does not grow
/// with the number of units in the registry (System.Threading.RateLimiting's partitioned limiter
/// visits every partition ten times a second, which at 100,000 units was a visible share of the
/// server's CPU at the deadline).
/// </summary>
public sealed class UnitRateLimiter(int perSecond, int burst, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes one token of <paramref name="unit"/>'s bucket; false when it is empty.</summary>
    public bool TryAcquire(string unit)
    {
        var now = _time.GetTimestamp();
        var bucket = _buckets.GetOrAdd(unit, static (_, state) => new Bucket(state.burst, state.now), (burst, now));
        lock (bucket)
        {
            var elapsed = _time.GetElapsedTime(bucket.Stamp, now);
            if (elapsed > TimeSpan.Zero)
            {
                bucket.Tokens = Math.Min(burst, bucket.Tokens + (elapsed.TotalSeconds * perSecond));
                bucket.Stamp = now;
            }

            if (bucket.Tokens < 1)
            {
                return false;
            }

            bucket.Tokens -= 1;
            return true;
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
