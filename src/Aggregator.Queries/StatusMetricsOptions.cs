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

/// <summary>Submission status gauges (configuration section <c>Aggregator:Metrics</c>).</summary>
public sealed class StatusMetricsOptions
{
    /// <summary>Report years to publish gauges for. Empty (default): the previous calendar year in Asia/Shanghai, the one being reported on.</summary>
    public List<int> Years { get; init; } = [];

    /// <summary>
    /// How often every city is recomputed regardless of write events (a safety net for missed
    /// events; a write recomputes its own city within a second, and a deadline passing recomputes
    /// everything at that instant). Default 60 s.
    /// </summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Per-unit series (<c>aggregator_unit_late</c>) only when the registry has at most this many units. Default 2,000.</summary>
    public int MaxUnitSeries { get; init; } = 2_000;
}
