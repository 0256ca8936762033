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
