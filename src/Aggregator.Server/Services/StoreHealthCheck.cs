using Aggregator.Storage.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aggregator.Server.Services;

/// <summary>Readiness: the store answers PING.</summary>
public sealed class StoreHealthCheck(IReportStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        bool ok;
        try
        {
            ok = await store.PingAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            ok = false;
        }

        return ok ? HealthCheckResult.Healthy("The store answers.") : HealthCheckResult.Unhealthy("The store does not answer.");
    }
}
