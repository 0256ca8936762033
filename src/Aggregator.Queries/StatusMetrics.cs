using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Registry;
using Aggregator.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>
/// Publishes submission status per city and year as gauges: units by status, late units, reporting
/// and timeliness rates, and (for small registries only) one late/missing series per unit. Label
/// sets are bounded by the registry's cities × configured years × statuses.
/// </summary>
public sealed partial class StatusMetrics : BackgroundService
{
    public const string MeterName = "Aggregator.Server";

    private static readonly TimeSpan s_chinaOffset = TimeSpan.FromHours(8);
    private readonly RegionTree _tree;
    private readonly StatusEngine _status;
    private readonly ChangeNotifier _notifier;
    private readonly TimeProvider _time;
    private readonly StatusMetricsOptions _options;
    private readonly ILogger<StatusMetrics> _logger;
    private readonly Meter _meter;
    private readonly SemaphoreSlim _dirty = new(0, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(RegionUnit City, int Year), byte> _dirtyCities = new();
    private volatile IReadOnlyDictionary<(string City, int Year), StatusSummary> _byCity = new Dictionary<(string City, int Year), StatusSummary>();
    private volatile IReadOnlyList<StatusSummary> _summaries = [];

    public StatusMetrics(RegionTree tree, StatusEngine status, ChangeNotifier notifier, TimeProvider time, IOptions<StatusMetricsOptions> options, IMeterFactory meterFactory, ILogger<StatusMetrics> logger)
    {
        (_tree, _status, _notifier, _time, _options, _logger) = (tree, status, notifier, time, options.Value, logger);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("aggregator.units", ObserveUnits, description: "Reporting units below each city by submission status.");
        _meter.CreateObservableGauge("aggregator.units.late", () => Per(s => s.Late), description: "Units below each city that submitted late or are missing at a passed deadline.");
        _meter.CreateObservableGauge("aggregator.units.expected", () => Per(s => s.Expected), description: "Units expected to report below each city.");
        _meter.CreateObservableGauge("aggregator.reporting.ratio", () => PerRate(s => s.ReportingRate), unit: "1", description: "Reported (submitted, accepted or published) / expected (0..1), per city and year.");
        _meter.CreateObservableGauge("aggregator.timeliness.ratio", () => PerRate(s => s.TimelinessRate), unit: "1", description: "Reported on time / expected (0..1), per city and year.");
        _meter.CreateObservableGauge("aggregator.deadline", () => _summaries.Select(s => new Measurement<long>(_status.Deadlines.DueInstant(Domain.Analysis.DeadlineLevel.Government, s.Year).ToUnixTimeSeconds(), Tags(s))), unit: "s",
            description: "The governments' deadline of each city and year (end of the due day in Asia/Shanghai), as Unix time; alerts compare it with time().");
        if (tree.Count <= _options.MaxUnitSeries)
        {
            _meter.CreateObservableGauge("aggregator.unit.late", ObserveUnitLate, description: "1 when a unit is late or missing at a passed deadline (small registries only).");
            _meter.CreateObservableGauge("aggregator.unit.info", ObserveUnitInfo, description: "1 per unit of the registry with its display name (labels unit, name, level, city: the unit's city, itself for a city), for dashboards to show names; small registries only.");
        }
    }

    /// <summary>The years gauges are published for.</summary>
    public IReadOnlyList<int> Years => _options.Years.Count > 0 ? _options.Years : [_time.GetUtcNow().ToOffset(s_chinaOffset).Year - 1];

    /// <summary>Recomputes every city now (on start, periodically for deadlines passing, and in tests).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var keys = Years.Where(ReportYear.IsValid).SelectMany(year => Cities().Select(city => (city, year))).ToList();
        _dirtyCities.Clear();
        await RecomputeAsync(keys, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recomputes only the cities written to since their last computation.</summary>
    private async Task RefreshDirtyAsync(CancellationToken cancellationToken)
    {
        var keys = new List<(RegionUnit City, int Year)>();
        foreach (var key in _dirtyCities.Keys)
        {
            if (_dirtyCities.TryRemove(key, out _))
            {
                keys.Add(key);
            }
        }

        await RecomputeAsync(keys, cancellationToken).ConfigureAwait(false);
    }

    private async Task RecomputeAsync(IReadOnlyCollection<(RegionUnit City, int Year)> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }

        var next = new Dictionary<(string City, int Year), StatusSummary>(_byCity);
        foreach (var (city, year) in keys)
        {
            next[(city.Id.Value, year)] = await _status.GetStatusAsync(city, new ReportYear(year), cancellationToken).ConfigureAwait(false);
        }

        _byCity = next;
        _summaries = [.. Years.SelectMany(year => Cities().Select(city => next.GetValueOrDefault((city.Id.Value, year)))).OfType<StatusSummary>()];
    }

    /// <summary>When every city is next recomputed: the refresh interval after the last full refresh, or just after a deadline passing before that.</summary>
    private DateTimeOffset FullRefreshDue(DateTimeOffset lastFull)
    {
        var due = lastFull + _options.RefreshInterval;
        var deadline = NextDeadlineAfter(lastFull);
        return deadline < due ? deadline.AddSeconds(1) : due;
    }

    /// <summary>The first deadline instant of a gauged year (any level) after <paramref name="after"/>, or far in the future.</summary>
    private DateTimeOffset NextDeadlineAfter(DateTimeOffset after)
    {
        var now = after;
        var next = DateTimeOffset.MaxValue;
        foreach (var year in Years.Where(ReportYear.IsValid))
        {
            foreach (var level in new[] { Domain.Analysis.DeadlineLevel.Government, Domain.Analysis.DeadlineLevel.Department })
            {
                var due = _status.Deadlines.DueInstant(level, year);
                if (due > now && due < next)
                {
                    next = due;
                }
            }
        }

        return next;
    }

    private IEnumerable<RegionUnit> Cities() => _tree.Units.Where(u => u.Level == Domain.Registry.UnitLevel.City);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // One registration per city-year: a write marks only its city for recomputation, so at the
        // deadline the gauges cost what changed, not the size of the registry.
        var registrations = new List<IDisposable>();
        foreach (var year in Years.Where(ReportYear.IsValid))
        {
            foreach (var city in Cities())
            {
                var key = (city, year);
                registrations.Add(_notifier.Watch([new PartitionKey(city.Id, new ReportYear(year))], () =>
                {
                    _dirtyCities.TryAdd(key, 0);
                    if (_dirty.CurrentCount == 0)
                    {
                        try
                        {
                            _dirty.Release();
                        }
                        catch (SemaphoreFullException)
                        {
                            // Already signalled.
                        }
                    }
                }));
            }
        }

        try
        {
            DateTimeOffset? lastFull = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var now = _time.GetUtcNow();
                    if (lastFull is not { } last || now >= FullRefreshDue(last))
                    {
                        lastFull = now;
                        await RefreshAsync(stoppingToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await RefreshDirtyAsync(stoppingToken).ConfigureAwait(false);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogRefreshFailed(_logger, ex);
                }

                try
                {
                    // Wake for writes, for the periodic full refresh, and when a deadline passes (units turn late).
                    var wait = FullRefreshDue(lastFull ?? _time.GetUtcNow()) - _time.GetUtcNow();
                    await _dirty.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, stoppingToken).ConfigureAwait(false);
                    // Let a burst of writes settle before recomputing.
                    await Task.Delay(TimeSpan.FromMilliseconds(500), _time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }

    public override void Dispose()
    {
        _meter.Dispose();
        _dirty.Dispose();
        base.Dispose();
    }

    private IEnumerable<Measurement<long>> ObserveUnits()
    {
        foreach (var s in _summaries)
        {
            foreach (var (status, count) in new[]
            {
                ("not_started", s.NotStarted), ("draft", s.Draft), ("submitted", s.Submitted),
                ("accepted", s.Accepted), ("returned", s.Returned), ("published", s.Published),
            })
            {
                yield return new Measurement<long>(count, [.. Tags(s), new("status", status)]);
            }
        }
    }

    private IEnumerable<Measurement<long>> ObserveUnitLate()
    {
        foreach (var s in _summaries)
        {
            foreach (var unit in s.Units)
            {
                yield return new Measurement<long>(unit.Late ? 1 : 0, [.. Tags(s), new("unit", unit.UnitId)]);
            }
        }
    }

    /// <summary>One series per registry unit: bounded by the registry (and only below <see cref="StatusMetricsOptions.MaxUnitSeries"/> units).</summary>
    private IEnumerable<Measurement<long>> ObserveUnitInfo() =>
        _tree.Units.Select(u => new Measurement<long>(1,
        [
            new("unit", u.Id.Value), new("name", u.Name), new("level", u.Level.ToString().ToLowerInvariant()), new("city", RegionTree.PartitionOf(u).Id.Value),
        ]));

    private IEnumerable<Measurement<long>> Per(Func<StatusSummary, int> value) =>
        _summaries.Select(s => new Measurement<long>(value(s), Tags(s)));

    private IEnumerable<Measurement<double>> PerRate(Func<StatusSummary, string> value) =>
        _summaries
            .Where(s => value(s).Length > 0)
            .Select(s => new Measurement<double>(double.Parse(value(s), CultureInfo.InvariantCulture), Tags(s)));

    private static KeyValuePair<string, object?>[] Tags(StatusSummary s) =>
        [new("city", s.UnitId), new("year", s.Year.ToString(CultureInfo.InvariantCulture))];

    [LoggerMessage(EventId = 3101, EventName = "StatusMetricsRefreshFailed", Level = LogLevel.Warning, Message = "Could not refresh the submission status gauges.")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
