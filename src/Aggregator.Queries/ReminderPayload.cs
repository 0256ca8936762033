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
