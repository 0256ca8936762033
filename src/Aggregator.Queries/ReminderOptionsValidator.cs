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

/// <summary>Reminders to units that have not submitted (催报), by webhook (configuration section <c>Aggregator:Reminders</c>).</summary>
public sealed class ReminderOptions
{
    public const string SectionName = "Aggregator:Reminders";

    /// <summary>Where reminders are POSTed (JSON). Empty (default): no reminders.</summary>
    public string WebhookUrl { get; init; } = "";

    /// <summary>Days before the deadline day on which to remind (0 = the deadline day itself). Empty (default): 7, 3, 1 and 0.</summary>
    public List<int> DaysBefore { get; init; } = [];

    /// <summary>Days after the deadline day on which to remind units still missing. Empty (default): 1, 3 and 7.</summary>
    public List<int> DaysAfter { get; init; } = [];

    /// <summary>
    /// The body of each webhook call with <c>{{placeholders}}</c> replaced by JSON-escaped values
    /// (without quotes): <c>text</c>, <c>unit_id</c>, <c>unit_name</c>, <c>contact</c>, <c>parent_id</c>,
    /// <c>year</c>, <c>status</c>, <c>deadline</c>, <c>days_to_deadline</c>, <c>days_late</c>. Empty
    /// (default): the generic JSON object of every field. DingTalk and WeCom group robots both take
    /// <c>{"msgtype":"text","text":{"content":"{{text}}"}}</c>.
    /// </summary>
    public string PayloadTemplate { get; init; } = "";

    /// <summary>Report years to chase. Empty (default): the previous calendar year in Asia/Shanghai, the one being reported on.</summary>
    public List<int> Years { get; init; } = [];

    /// <summary>How often due reminders are looked for (default 1 hour); each unit gets at most one per day however often this runs, across replicas.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Timeout of one webhook call (default 10 s); a failed call is retried on the next check of the same day.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    internal IReadOnlyList<int> EffectiveDaysBefore => DaysBefore.Count > 0 ? DaysBefore : [7, 3, 1, 0];

    internal IReadOnlyList<int> EffectiveDaysAfter => DaysAfter.Count > 0 ? DaysAfter : [1, 3, 7];
}

/// <summary>Checks <see cref="ReminderOptions"/> at start: an absolute http(s) URL, days ≥ 0, a template that renders to JSON.</summary>
internal sealed class ReminderOptionsValidator : IValidateOptions<ReminderOptions>
{
    public ValidateOptionsResult Validate(string? name, ReminderOptions options)
    {
        if (options.WebhookUrl.Length == 0)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            errors.Add($"{ReminderOptions.SectionName}:WebhookUrl must be an absolute http or https URL.");
        }

        if (options.DaysBefore.Concat(options.DaysAfter).Any(d => d is < 0 or > 366))
        {
            errors.Add($"{ReminderOptions.SectionName}:DaysBefore and DaysAfter must be days from 0 to 366.");
        }

        if (options.CheckInterval <= TimeSpan.Zero || options.Timeout <= TimeSpan.Zero)
        {
            errors.Add($"{ReminderOptions.SectionName}:CheckInterval and Timeout must be positive.");
        }

        if (options.PayloadTemplate.Length > 0 && ReminderPayload.TemplateError(options.PayloadTemplate) is { } error)
        {
            errors.Add($"{ReminderOptions.SectionName}:PayloadTemplate {error}");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>One reminder: a unit not submitted, its deadline and how far it is.</summary>
public sealed record Reminder(UnitStatusEntry Unit, int Year, DateOnly Deadline, int DaysToDeadline)
{
    public int DaysLate => DaysToDeadline < 0 ? -DaysToDeadline : 0;

    /// <summary>The message in Chinese, e.g. 【催报】漳河新区(jingmen-zhanghe)2021 年度政府信息公开工作年度报告尚未报送,截止日期 2022-03-31(还剩 3 天)。</summary>
    public string Text
    {
        get
        {
            var who = Unit.UnitName.Length > 0 ? $"{Unit.UnitName}({Unit.UnitId})" : Unit.UnitId;
            var what = Unit.Status == UnitStatus.Returned ? "被退回后尚未重新报送" : "尚未报送";
            var deadline = Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            return DaysToDeadline switch
            {
                > 0 => $"【催报】{who}{Year} 年度政府信息公开工作年度报告{what},截止日期 {deadline}(还剩 {DaysToDeadline} 天)。",
                0 => $"【催报】{who}{Year} 年度政府信息公开工作年度报告{what},今天({deadline})截止。",
                _ => $"【催报】{who}{Year} 年度政府信息公开工作年度报告已逾期 {DaysLate} 天{what}(截止日期 {deadline})。",
            };
        }
    }
}

/// <summary>The webhook body of a reminder: the generic JSON object, or the configured template filled in.</summary>
public static class ReminderPayload
{
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The placeholders of a template and their values.</summary>
    public static IReadOnlyList<(string Name, string Value)> Fields(Reminder r) =>
    [
        ("text", r.Text),
        ("unit_id", r.Unit.UnitId),
        ("unit_name", r.Unit.UnitName),
        ("contact", r.Unit.Contact),
        ("parent_id", r.Unit.ParentId),
        ("year", r.Year.ToString(CultureInfo.InvariantCulture)),
        ("status", StatusEngine.StatusName(r.Unit.Status)),
        ("deadline", r.Deadline.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("days_to_deadline", r.DaysToDeadline.ToString(CultureInfo.InvariantCulture)),
        ("days_late", r.DaysLate.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>The body: <paramref name="template"/> with each <c>{{name}}</c> replaced by the JSON-escaped value, or the generic object when the template is empty.</summary>
    public static string Render(Reminder reminder, string template)
    {
        if (template.Length == 0)
        {
            var generic = new Dictionary<string, object> { ["event"] = "aggregator.reminder" };
            foreach (var (name, value) in Fields(reminder))
            {
                generic[name] = name is "year" or "days_to_deadline" or "days_late" ? int.Parse(value, CultureInfo.InvariantCulture) : value;
            }

            return JsonSerializer.Serialize(generic, s_json);
        }

        var body = new StringBuilder(template);
        foreach (var (name, value) in Fields(reminder))
        {
            var escaped = JsonSerializer.Serialize(value, s_json);
            body.Replace("{{" + name + "}}", escaped[1..^1]);
        }

        return body.ToString();
    }

    /// <summary>Why a template does not render to JSON for a sample reminder, or null when it does.</summary>
    public static string? TemplateError(string template)
    {
        var sample = new Reminder(new UnitStatusEntry { UnitId = "u\"1", UnitName = "名\n称", Status = UnitStatus.NotStarted }, 2021, new DateOnly(2022, 3, 31), 3);
        try
        {
            using var _ = JsonDocument.Parse(Render(sample, template));
            return null;
        }
        catch (JsonException e)
        {
            return "does not render to JSON: " + e.Message;
        }
    }
}

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
