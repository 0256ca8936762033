using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Registry;
using Aggregator.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>
/// Sends reminders (催报) to units that have not submitted, on the configured days before and after
/// their deadline (the deadline of each unit's level, a date in Asia/Shanghai), by webhook. Each unit
/// gets at most one reminder a day across every replica: the store's per-partition reminders hash is
/// claimed (HSETNX) before sending, and given back when the call fails so a later check retries.
/// </summary>
public sealed partial class ReminderService(
    RegionTree tree,
    StatusEngine status,
    IReportStore store,
    IHttpClientFactory httpClients,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    ILogger<ReminderService> logger) : BackgroundService
{
    public const string HttpClientName = "Aggregator.Reminders";

    private readonly ReminderOptions _options = options.Value;
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>The years chased.</summary>
    public IReadOnlyList<int> Years => _options.Years.Count > 0 ? _options.Years : [time.GetUtcNow().ToOffset(DeadlinePolicy.ChinaOffset).Year - 1];

    /// <summary>
    /// The reminders due today (Asia/Shanghai) for the units below <paramref name="node"/>: units not
    /// submitted (not started, draft, returned) whose deadline day is a configured number of days away
    /// (before) or past (after).
    /// </summary>
    public async Task<IReadOnlyList<Reminder>> DueAsync(RegionUnit node, int year, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(DeadlinePolicy.ChinaOffset).DateTime);
        var summary = await status.GetStatusAsync(node, new ReportYear(year), cancellationToken).ConfigureAwait(false);
        var due = new List<Reminder>();
        foreach (var unit in summary.Units)
        {
            if (unit.Status is not (UnitStatus.NotStarted or UnitStatus.Draft or UnitStatus.Returned) || unit.Deadline is null)
            {
                continue;
            }

            // The deadline instant is the end of the due date in Shanghai.
            var deadline = DateOnly.FromDateTime(unit.Deadline.ToDateTimeOffset().ToOffset(DeadlinePolicy.ChinaOffset).AddTicks(-1).DateTime);
            var daysTo = deadline.DayNumber - today.DayNumber;
            if (daysTo >= 0 ? _options.EffectiveDaysBefore.Contains(daysTo) : _options.EffectiveDaysAfter.Contains(-daysTo))
            {
                due.Add(new Reminder(unit, year, deadline, daysTo));
            }
        }

        return due;
    }

    /// <summary>One pass over every city and chased year: sends each due reminder not sent yet today. Returns how many were sent.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _pass.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var sent = 0;
            var now = time.GetUtcNow();
            var today = DateOnly.FromDateTime(now.ToOffset(DeadlinePolicy.ChinaOffset).DateTime);
            foreach (var year in Years.Where(ReportYear.IsValid))
            {
                foreach (var city in tree.Units.Where(u => u.Level == Domain.Registry.UnitLevel.City))
                {
                    foreach (var reminder in await DueAsync(city, year, cancellationToken).ConfigureAwait(false))
                    {
                        var unit = new UnitId(reminder.Unit.UnitId);
                        var partition = store.PartitionOf(unit, new ReportYear(year));
                        if (!await store.TryClaimReminderAsync(partition, unit, today, now.ToString("O", CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false))
                        {
                            continue;
                        }

                        if (await SendAsync(reminder, cancellationToken).ConfigureAwait(false))
                        {
                            sent++;
                        }
                        else
                        {
                            await store.ReleaseReminderAsync(partition, unit, today, cancellationToken).ConfigureAwait(false);
                        }
                    }
                }
            }

            return sent;
        }
        finally
        {
            _pass.Release();
        }
    }

    private async Task<bool> SendAsync(Reminder reminder, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var content = new StringContent(ReminderPayload.Render(reminder, _options.PayloadTemplate), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await client.PostAsync(new Uri(_options.WebhookUrl), content, timeout.Token).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                LogSent(logger, reminder.Unit.UnitId, reminder.Year, reminder.DaysToDeadline);
                return true;
            }

            LogRefused(logger, reminder.Unit.UnitId, reminder.Year, (int)response.StatusCode);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogFailed(logger, reminder.Unit.UnitId, reminder.Year, e);
            return false;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPassFailed(logger, e);
            }

            try
            {
                await Task.Delay(_options.CheckInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _pass.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 3201, EventName = "ReminderSent", Level = LogLevel.Information, Message = "Reminder sent to unit {UnitId} for {Year} ({DaysToDeadline} days to the deadline).")]
    private static partial void LogSent(ILogger logger, string unitId, int year, int daysToDeadline);

    [LoggerMessage(EventId = 3202, EventName = "ReminderRefused", Level = LogLevel.Warning, Message = "The reminder webhook answered {StatusCode} for unit {UnitId}, {Year}; retried on the next check today.")]
    private static partial void LogRefused(ILogger logger, string unitId, int year, int statusCode);

    [LoggerMessage(EventId = 3203, EventName = "ReminderFailed", Level = LogLevel.Warning, Message = "The reminder webhook call for unit {UnitId}, {Year} failed; retried on the next check today.")]
    private static partial void LogFailed(ILogger logger, string unitId, int year, Exception exception);

    [LoggerMessage(EventId = 3204, EventName = "ReminderPassFailed", Level = LogLevel.Warning, Message = "Could not look for due reminders (the store may be down); retried at the next check.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
