using Microsoft.Extensions.Logging;

namespace Aggregator.Storage.Redis;

/// <summary>
/// Logs store failures once per outage instead of once per call: the first failure with its exception
/// (<c>StoreOutageStarted</c>), then every minute a count without a stack trace
/// (<c>StoreOutageContinues</c>), and when no call has failed for <see cref="QuietPeriod"/> the total
/// (<c>StoreOutageEnded</c>: "N calls failed during the outage"). A 4-second Redis outage under load
/// writes three lines, not hundreds of stack traces.
/// </summary>
public sealed class StoreOutageLog : IDisposable
{
    /// <summary>An outage ends when no store call has failed for this long.</summary>
    public static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(10);

    /// <summary>How often a continuing outage logs its count.</summary>
    public static readonly TimeSpan SummaryInterval = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private ITimer? _timer;
    private bool _inOutage;
    private long _failed;
    private long _failedAtSummary;
    private DateTimeOffset _started;
    private DateTimeOffset _lastFailure;
    private DateTimeOffset _lastSummary;

    public StoreOutageLog(ILogger<StoreOutageLog> logger, TimeProvider? time = null)
    {
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Counts <paramref name="calls"/> calls that failed with <paramref name="exception"/>; logs it only if it starts an outage.</summary>
    public void Failed(string operation, Exception exception, int calls = 1)
    {
        bool first;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            first = !_inOutage;
            if (first)
            {
                _inOutage = true;
                _started = now;
                _lastSummary = now;
                _failed = 0;
                _failedAtSummary = 0;
                _timer ??= _time.CreateTimer(_ => Tick(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            }

            _failed += calls;
            _lastFailure = now;
        }

        if (first)
        {
            Log.StoreOutageStarted(_logger, operation, exception);
        }
    }

    /// <summary>Ends an outage after the quiet period; logs the count of a continuing one every minute.</summary>
    internal void Tick()
    {
        long total;
        long recent;
        TimeSpan duration;
        bool ended;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            if (!_inOutage)
            {
                return;
            }

            ended = now - _lastFailure >= QuietPeriod;
            if (!ended && now - _lastSummary < SummaryInterval)
            {
                return;
            }

            total = _failed;
            recent = _failed - _failedAtSummary;
            duration = (ended ? _lastFailure : now) - _started;
            _lastSummary = now;
            _failedAtSummary = _failed;
            _inOutage = !ended;
        }

        if (ended)
        {
            Log.StoreOutageEnded(_logger, total, duration.TotalSeconds);
        }
        else
        {
            Log.StoreOutageContinues(_logger, recent, total, duration.TotalSeconds);
        }
    }

    public void Dispose() => _timer?.Dispose();
}
