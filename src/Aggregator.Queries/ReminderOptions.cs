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
