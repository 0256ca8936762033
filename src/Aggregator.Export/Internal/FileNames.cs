using System.Globalization;
using System.Text;
using Aggregator.Contracts.V1;

namespace Aggregator.Export.Internal;

/// <summary>Suggested file names: <c>report-&lt;unit&gt;-&lt;year&gt;.xlsx</c>, <c>compare-&lt;unit&gt;-&lt;year&gt;-&lt;metric&gt;.md</c>.</summary>
internal static class FileNames
{
    private const int MaxPartLength = 64;

    /// <summary>
    /// The unit part is the unit id when there is one (stable and ASCII), else the display name;
    /// parts keep letters (any script), digits, '.', '_' and '-', other characters become '_'.
    /// Missing parts are left out.
    /// </summary>
    public static string Build(string kind, string? unitId, string? unitName, int? year, string? metric, ExportFormat format)
    {
        var parts = new List<string> { kind };
        var unit = Clean(string.IsNullOrEmpty(unitId) ? unitName : unitId);
        if (unit.Length > 0)
        {
            parts.Add(unit);
        }

        if (year is > 0)
        {
            parts.Add(year.Value.ToString(CultureInfo.InvariantCulture));
        }

        var m = Clean(metric);
        if (m.Length > 0)
        {
            parts.Add(m);
        }

        return string.Join('-', parts) + Extension(format);
    }

    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Csv => ".csv",
        ExportFormat.Xlsx => ".xlsx",
        ExportFormat.Markdown => ".md",
        ExportFormat.Json => ".json",
        ExportFormat.Docx => ".docx",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unsupported export format."),
    };

    private static string Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "";
        }

        var text = new StringBuilder();
        foreach (var c in value.Trim())
        {
            if (text.Length >= MaxPartLength)
            {
                break;
            }

            text.Append(char.IsLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        return text.ToString().Trim('.');
    }
}
