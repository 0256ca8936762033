using System.Globalization;
using Aggregator.Domain.Cells;

namespace Aggregator.Export.Internal;

/// <summary>
/// Whether a number can be a numeric spreadsheet cell without losing exactness. Spreadsheet
/// programs (and MiniExcel) read numeric cells as IEEE doubles and show 15 significant digits, so
/// a value is written as a number only when it has at most 15 significant digits and the nearest
/// double prints back as the same decimal; anything else (e.g. 123456789012.345678 万元, or a count
/// above 10^15) is written as text so that no digit is lost.
/// </summary>
internal static class NumberPolicy
{
    public const int MaxSignificantDigits = 15;

    public static bool RoundTripsAsNumber(decimal value)
    {
        var text = ExactDecimal.Format(value);
        if (SignificantDigits(text) > MaxSignificantDigits)
        {
            return false;
        }

        var asDouble = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return decimal.TryParse(asDouble.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var back)
            && back == value;
    }

    internal static int SignificantDigits(string text)
    {
        var digits = text.Where(char.IsAsciiDigit).SkipWhile(c => c == '0').ToArray();
        return digits.Length == 0 ? 1 : digits.Length;
    }
}
