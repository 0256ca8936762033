using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Aggregator.Storage.Redis;

/// <summary>Registers the Redis report store.</summary>
public static class RedisStoreServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IReportStore"/> (Redis, or embedded Garnet when
    /// <c>Aggregator:Redis:ConnectionString</c> is empty) with options from <c>Aggregator:Redis</c>
    /// and the data directory from <c>Aggregator:DataDirectory</c>. Needs a
    /// <see cref="Aggregator.Domain.Registry.RegionTree"/> singleton. The connection (and Garnet) is
    /// started with the host; the writer is drained when the host stops.
    /// </summary>
    public static IServiceCollection AddRedisReportStore(this IServiceCollection services)
    {
        services.AddOptions<RedisStoreOptions>()
            .BindConfiguration(RedisStoreOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                var dir = configuration["Aggregator:DataDirectory"];
                if (!string.IsNullOrWhiteSpace(dir))
                {
                    options.DataDirectory = dir;
                }
            })
            .ValidateDataAnnotations()
            .Validate(
                o => o.Durability.Replicas is null or (>= 0 and <= 100) && o.Durability.ReplicaTimeout > TimeSpan.Zero && o.Durability.ReplicaTimeout <= TimeSpan.FromMinutes(1),
                "Aggregator:Redis:Durability: Replicas must be 0..100 and ReplicaTimeout within (0, 1 minute].")
            .Validate(
                o => !o.UnsafeSkipDurableCommit || Environment.GetEnvironmentVariable(RedisStoreOptions.UnsafeSwitchesVariable) == "1",
                "Aggregator:Redis:UnsafeSkipDurableCommit loses acknowledged writes on a crash; it exists for tests only and needs " + RedisStoreOptions.UnsafeSwitchesVariable + "=1.")
            .ValidateOnStart();
        services.AddOptions<AuditOptions>()
            .BindConfiguration(AuditOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                o => o.Enabled || Environment.GetEnvironmentVariable(RedisStoreOptions.UnsafeSwitchesVariable) == "1",
                "Aggregator:Audit:Enabled=false leaves submissions without audit entries; it exists for benchmarks only and needs " + RedisStoreOptions.UnsafeSwitchesVariable + "=1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IStoreTelemetry, NullStoreTelemetry>();
        services.TryAddSingleton<StoreOutageLog>();
        services.TryAddSingleton<RedisConnection>();
        services.TryAddSingleton<RedisReportStore>();
        services.TryAddSingleton<IReportStore>(sp => sp.GetRequiredService<RedisReportStore>());
        services.TryAddSingleton<IAuditStore>(sp => sp.GetRequiredService<RedisReportStore>());
        services.AddHostedService<StoreLifetime>();
        return services;
    }

    private sealed class StoreLifetime(RedisConnection connection, RedisReportStore store) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => connection.StartAsync(cancellationToken);

        public async Task StopAsync(CancellationToken cancellationToken) => await store.DisposeAsync();
    }
}
