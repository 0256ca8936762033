using System.Globalization;
using Aggregator.Domain.Analysis;
using Aggregator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>Runs <see cref="ReminderService"/> only when a webhook is configured.</summary>
internal sealed class ReminderHost(ReminderService reminders, IOptions<ReminderOptions> options) : Microsoft.Extensions.Hosting.IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.WebhookUrl.Length > 0 ? reminders.StartAsync(cancellationToken) : Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) =>
        options.Value.WebhookUrl.Length > 0 ? reminders.StopAsync(cancellationToken) : Task.CompletedTask;
}

public static class QueryServiceCollectionExtensions
{
    /// <summary>
    /// Adds rollups, comparisons, status and live watch. Needs an <see cref="IReportStore"/>,
    /// the <see cref="Domain.Registry.RegionTree"/> and a <see cref="TimeProvider"/>. The gRPC services over them are the server's.
    /// </summary>
    public static IServiceCollection AddAggregatorQueries(this IServiceCollection services)
    {
        services.AddOptions<DeadlineOptions>().BindConfiguration("Aggregator:Deadlines");
        services.AddOptions<WatchOptions>().BindConfiguration("Aggregator:Watch");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var policy = new DeadlinePolicy();
            foreach (var o in sp.GetRequiredService<IOptions<DeadlineOptions>>().Value.Overrides)
            {
                policy.With(o.Level, o.Year, DateOnly.ParseExact(o.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            return policy;
        });
        services.TryAddSingleton<RollupEngine>();
        services.TryAddSingleton<StatusEngine>();
        services.TryAddSingleton<ComparisonEngine>();
        services.TryAddSingleton<ReportExports>();
        services.TryAddSingleton<ChangeNotifier>();
        services.TryAddSingleton<LiveWatch>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeNotifier>());
        services.AddOptions<StatusMetricsOptions>().BindConfiguration("Aggregator:Metrics");
        services.TryAddSingleton<StatusMetrics>();
        services.AddHostedService(sp => sp.GetRequiredService<StatusMetrics>());
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReminderOptions>, ReminderOptionsValidator>());
        services.AddHttpClient(ReminderService.HttpClientName);
        services.TryAddSingleton<ReminderService>();
        services.AddHostedService(sp => new ReminderHost(sp.GetRequiredService<ReminderService>(), sp.GetRequiredService<IOptions<ReminderOptions>>()));
        return services;
    }
}
