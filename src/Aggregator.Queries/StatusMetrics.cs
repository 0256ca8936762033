using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Registry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>Submission status gauges (configuration section <c>Aggregator:Metrics</c>).</summary>
public sealed class StatusMetricsOptions
{
    /// <summary>Report years to publish gauges for. Empty (default): the previous calendar year in Asia/Shanghai, the one being reported on.</summary>
    public List<int> Years { get; init; } = [];

    /// <summary>How often the gauges are recomputed without a write event. Default 15 s.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Per-unit series (<c>aggregator_unit_late</c>) only when the registry has at most this many units. Default 2,000.</summary>
    public int MaxUnitSeries { get; init; } = 2_000;
}

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
    private volatile IReadOnlyList<StatusSummary> _summaries = [];

    public StatusMetrics(RegionTree tree, StatusEngine status, ChangeNotifier notifier, TimeProvider time, IOptions<StatusMetricsOptions> options, IMeterFactory meterFactory, ILogger<StatusMetrics> logger)
    {
        (_tree, _status, _notifier, _time, _options, _logger) = (tree, status, notifier, time, options.Value, logger);
        _meter = meterFactory.Create(MeterName);
        _meter.CreateObservableGauge("aggregator.units", ObserveUnits, description: "Reporting units below each city by submission status.");
        _meter.CreateObservableGauge("aggregator.units.late", () => Per(s => s.Late), description: "Units below each city that submitted late or are missing at a passed deadline.");
        _meter.CreateObservableGauge("aggregator.units.expected", () => Per(s => s.Expected), description: "Units expected to report below each city.");
        _meter.CreateObservableGauge("aggregator.reporting.rate", () => PerRate(s => s.ReportingRate), description: "Reported (submitted, accepted or published) / expected, per city and year.");
        _meter.CreateObservableGauge("aggregator.timeliness.rate", () => PerRate(s => s.TimelinessRate), description: "Reported on time / expected, per city and year.");
        if (tree.Count <= _options.MaxUnitSeries)
        {
            _meter.CreateObservableGauge("aggregator.unit.late", ObserveUnitLate, description: "1 when a unit is late or missing at a passed deadline (small registries only).");
        }
    }

    /// <summary>The years gauges are published for.</summary>
    public IReadOnlyList<int> Years => _options.Years.Count > 0 ? _options.Years : [_time.GetUtcNow().ToOffset(s_chinaOffset).Year - 1];

    /// <summary>Recomputes now (tests, and after write events).</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var cities = _tree.Units.Where(u => u.Level == Domain.Registry.UnitLevel.City).ToList();
        var list = ImmutableArray.CreateBuilder<StatusSummary>();
        foreach (var year in Years.Where(ReportYear.IsValid))
        {
            foreach (var city in cities)
            {
                list.Add(await _status.GetStatusAsync(city, new ReportYear(year), cancellationToken).ConfigureAwait(false));
            }
        }

        _summaries = list.ToImmutable();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var years = Years.Where(ReportYear.IsValid).ToList();
        var keys = _tree.Partitions().SelectMany(p => years.Select(y => new Storage.Redis.PartitionKey(p.Id, new ReportYear(y))));
        using var registration = _notifier.Watch(keys, () =>
        {
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
        });

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRefreshFailed(_logger, ex);
            }

            try
            {
                await _dirty.WaitAsync(_options.RefreshInterval, stoppingToken).ConfigureAwait(false);
                // Let a burst of writes settle before recomputing.
                await Task.Delay(TimeSpan.FromMilliseconds(500), _time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
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
