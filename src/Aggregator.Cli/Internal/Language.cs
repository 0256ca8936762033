using System.Globalization;

namespace Aggregator.Cli.Internal;

/// <summary>The output language: <c>--lang</c>, else AGGREGATOR_LANG, else the UI culture.</summary>
internal static class Language
{
    public const string Zh = "zh";
    public const string En = "en";
    public const string EnvironmentVariable = "AGGREGATOR_LANG";

    /// <summary>
    /// Decided before parsing so that the help text itself is in the chosen language. An invalid
    /// value is left for the parser to report.
    /// </summary>
    public static string Resolve(IReadOnlyList<string> args, Func<string, string?> env, CultureInfo culture)
    {
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                break;
            }

            string? value = null;
            if (a == "--lang" && i + 1 < args.Count)
            {
                value = args[i + 1];
            }
            else if (a.StartsWith("--lang=", StringComparison.Ordinal) || a.StartsWith("--lang:", StringComparison.Ordinal))
            {
                value = a[7..];
            }

            if (Normalize(value) is { } chosen)
            {
                return chosen;
            }
        }

        return Normalize(env(EnvironmentVariable)) ?? FromCulture(culture);
    }

    public static string FromCulture(CultureInfo culture) =>
        culture.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? Zh : En;

    private static string? Normalize(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "zh" => Zh,
        "en" => En,
        _ => null,
    };
}
