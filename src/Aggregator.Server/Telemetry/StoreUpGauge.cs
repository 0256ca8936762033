using System.Diagnostics.Metrics;
using Aggregator.Queries;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Aggregator.Server.Telemetry;

/// <summary><c>aggregator.store.up</c>: 1 when the store answered its last PING (every 5 s), else 0.</summary>
public sealed class StoreUpGauge : BackgroundService
{
    private readonly IReportStore _store;
    private readonly Meter _meter;
    private volatile int _up;

    public StoreUpGauge(IReportStore store, IMeterFactory meterFactory)
    {
        _store = store;
        _meter = meterFactory.Create(AggregatorMetrics.MeterName);
        _meter.CreateObservableGauge("aggregator.store.up", () => _up, description: "1 when the Redis store answers PING, 0 when it does not.");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5));
        do
        {
            try
            {
                _up = await _store.PingAsync(stoppingToken).ConfigureAwait(false) ? 1 : 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _up = 0;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }
}
