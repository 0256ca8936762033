using System.Globalization;
using System.Text.RegularExpressions;

namespace Aggregator.Import;

/// <summary>What a report file's name says: <c>&lt;unit&gt;-&lt;year&gt;.ext</c>, or a year somewhere in it.</summary>
public static partial class ReportFileNames
{
    [GeneratedRegex(@"^(?<unit>[A-Za-z0-9._-]+)-(?<year>\d{4})$", RegexOptions.CultureInvariant, Internal.ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex UnitYearName();

    [GeneratedRegex(@"(?<!\d)(?<year>(19|20|21)\d{2})(?!\d)", RegexOptions.CultureInvariant, Internal.ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex YearInName();

    /// <summary>Unit and year from a file name or path <c>&lt;unit&gt;-&lt;year&gt;.ext</c>; else the last year in the name, no unit.</summary>
    public static (string? Unit, int? Year) InferUnitYear(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var stem = Path.GetFileNameWithoutExtension(path);
        var m = UnitYearName().Match(stem);
        if (m.Success)
        {
            return (m.Groups["unit"].Value, int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture));
        }

        var y = YearInName().Matches(stem);
        return (null, y.Count > 0 ? int.Parse(y[^1].Groups["year"].Value, CultureInfo.InvariantCulture) : null);
    }
}
