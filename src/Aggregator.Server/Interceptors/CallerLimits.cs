using System.Collections.Concurrent;
using Aggregator.Security;
using Aggregator.Server.Services;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Aggregator.Server.Interceptors;

/// <summary>
/// Per-caller limits, keyed by the token's unit: open streams and watches (<see cref="LimitsOptions.MaxStreamsPerCaller"/>),
/// unary reads and reviews/backfills (token buckets, <see cref="UnitRateLimiter"/>). Submissions keep
/// their own per-unit limit (<see cref="SubmissionHandler"/>). Over a limit: RESOURCE_EXHAUSTED naming it.
/// Calls without a token (health, reflection) are not counted.
/// </summary>
public sealed class CallerLimits(IOptions<LimitsOptions> options, TimeProvider time)
{
    private readonly LimitsOptions _limits = options.Value;
    private readonly UnitRateLimiter _reads = new(options.Value.ReadsPerSecond, options.Value.ReadBurst, time);
    private readonly UnitRateLimiter _changes = new(options.Value.ReviewsAndBackfillsPerSecond, options.Value.ReviewAndBackfillBurst, time);
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Takes a stream slot of <paramref name="unit"/>; dispose the result to give it back.</summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED: the unit has its maximum of streams open.</exception>
    public IDisposable OpenStream(string unit)
    {
        var count = _open.AddOrUpdate(unit, 1, static (_, n) => n + 1);
        if (count > _limits.MaxStreamsPerCaller)
        {
            Release(unit);
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Unit '{unit}' already has {_limits.MaxStreamsPerCaller} streams and watches open (Aggregator:Limits:MaxStreamsPerCaller); close one and retry."));
        }

        return new Slot(this, unit);
    }

    /// <summary>Takes one read of <paramref name="unit"/>'s budget.</summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED over <see cref="LimitsOptions.ReadsPerSecond"/>.</exception>
    public void Read(string unit)
    {
        if (!_reads.TryAcquire(unit))
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Unit '{unit}' exceeded its read rate limit (Aggregator:Limits:ReadsPerSecond {_limits.ReadsPerSecond}, burst {_limits.ReadBurst}); retry later."));
        }
    }

    /// <summary>Takes one review or backfill of <paramref name="unit"/>'s budget.</summary>
    /// <exception cref="RpcException">RESOURCE_EXHAUSTED over <see cref="LimitsOptions.ReviewsAndBackfillsPerSecond"/>.</exception>
    public void Change(string unit)
    {
        if (!_changes.TryAcquire(unit))
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"Unit '{unit}' exceeded its review and backfill rate limit (Aggregator:Limits:ReviewsAndBackfillsPerSecond {_limits.ReviewsAndBackfillsPerSecond}, burst {_limits.ReviewAndBackfillBurst}); retry later."));
        }
    }

    private void Release(string unit)
    {
        while (true)
        {
            var n = _open[unit];
            if (n <= 1 ? _open.TryRemove(KeyValuePair.Create(unit, n)) : _open.TryUpdate(unit, n - 1, n))
            {
                return;
            }
        }
    }

    private sealed class Slot(CallerLimits owner, string unit) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release(unit);
            }
        }
    }
}
