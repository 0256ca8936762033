using System.Globalization;
using Aggregator.Domain.Analysis;
using Aggregator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>Deadline overrides (configuration section <c>Aggregator:Deadlines</c>).</summary>
public sealed class DeadlineOptions
{
    /// <summary>
    /// Overrides of the article 49 defaults (departments 31 January, governments 31 March of the
    /// following year), e.g. <c>{ "Level": "Government", "Year": 2025, "Date": "2026-04-15" }</c>.
    /// </summary>
    public List<DeadlineOverride> Overrides { get; init; } = [];
}

/// <summary>One deadline override: a date in Asia/Shanghai, due at the end of that day.</summary>
public sealed class DeadlineOverride
{
    public DeadlineLevel Level { get; init; }

    public int Year { get; init; }

    public string Date { get; init; } = "";
}

/// <summary>Live watch streams (configuration section <c>Aggregator:Watch</c>).</summary>
public sealed class WatchOptions
{
    /// <summary>
    /// A watcher recomputes once writes to its partitions pause this long (default 200 ms), so a
    /// burst of writes costs one recomputation and its final figures show promptly.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Under continuous writes a watcher still recomputes at least this often (default 1 s): at the
    /// deadline a city's partition changes hundreds of times a second, and a live board needs no more.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a watcher re-checks without a write event (missed pub/sub messages, reconnects; default 5 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}

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
