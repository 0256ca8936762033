using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Aggregator.Server.Services;

/// <summary>
/// Readiness: the store answers PING and is durable (an external Redis fsyncs every write and does
/// not evict, or the operator accepted otherwise in <c>Aggregator:Redis:Durability</c>; see
/// <see cref="RedisDurabilityOptions"/>). The description says what is wrong.
/// </summary>
public sealed class StoreHealthCheck(IReportStore store, RedisConnection connection) : IHealthCheck
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

        if (!ok)
        {
            return HealthCheckResult.Unhealthy("The store does not answer.");
        }

        var durability = await connection.GetDurabilityAsync();
        return durability.Ready ? HealthCheckResult.Healthy("The store answers; " + durability.Reason) : HealthCheckResult.Unhealthy("The store is not durable: " + durability.Reason);
    }
}
