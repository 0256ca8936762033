using System.Text.RegularExpressions;

namespace Aggregator.Import.Internal;

internal enum CellKind
{
    /// <summary>Empty, or a "not reported" marker (—, -, /, 无, －): the field stays unset.</summary>
    NotReported,

    /// <summary>A valid figure.</summary>
    Value,

    /// <summary>Something that is neither a figure nor a marker.</summary>
    Invalid,
}

/// <summary>A count parsed from a cell.</summary>
internal readonly record struct CountCell(CellKind Kind, long Value, string Raw);

/// <summary>A money amount parsed from a cell, as an exact decimal string in the requested unit.</summary>
internal readonly record struct MoneyCell(CellKind Kind, string? Value, string Raw);

internal enum MoneyUnit
{
    Yuan,
    TenThousandYuan,
}

/// <summary>Parses table cells. Never goes through binary floating point.</summary>
internal static partial class CellParser
{
    private static readonly HashSet<string> s_notReportedMarkers = new(StringComparer.Ordinal)
    {
        "", "-", "--", "---", "—", "——", "–", "––", "―", "─", "/", "//", "\\", "无", "空", "n/a", "N/A", "—-", "-—",
    };

    /// <summary>True when the cell holds nothing, or a marker meaning "not reported".</summary>
    public static bool IsNotReported(string raw) => s_notReportedMarkers.Contains(Clean(raw));

    /// <summary>True when the cell reads as a figure (a count or an amount, with or without unit).</summary>
    public static bool IsFigure(string raw)
    {
        var text = Clean(raw);
        return MoneyPattern().IsMatch(text) || CountPattern().IsMatch(text);
    }

    /// <summary>
    /// True when the cell is a label: contains a CJK ideograph and is neither a figure nor a
    /// "not reported" marker.
    /// </summary>
    public static bool IsLabel(string raw)
    {
        if (IsNotReported(raw) || IsFigure(raw))
        {
            return false;
        }

        foreach (var c in raw)
        {
            if (TextNormalizer.IsCjk(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Parses a count (signed integer; thousands separators and a 件/条/个/项 suffix allowed).</summary>
    public static CountCell ParseCount(string raw)
    {
        var text = Clean(raw);
        if (s_notReportedMarkers.Contains(text))
        {
            return new CountCell(CellKind.NotReported, 0, raw);
        }

        var match = CountPattern().Match(text);
        if (!match.Success)
        {
            return new CountCell(CellKind.Invalid, 0, raw);
        }

        var digits = StripSeparators(match.Groups["num"].Value);
        if (!long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return new CountCell(CellKind.Invalid, 0, raw);
        }

        return new CountCell(CellKind.Value, match.Groups["sign"].Value == "-" ? -value : value, raw);
    }

    /// <summary>
    /// Parses an amount and expresses it in <paramref name="target"/>. The unit is taken from the
    /// cell when written inline (元 / 万元), else <paramref name="defaultUnit"/>. The digits are
    /// kept as printed (separators removed); converting between units shifts the decimal point.
    /// </summary>
    public static MoneyCell ParseMoney(string raw, MoneyUnit defaultUnit, MoneyUnit target)
    {
        var text = Clean(raw);
        if (s_notReportedMarkers.Contains(text))
        {
            return new MoneyCell(CellKind.NotReported, null, raw);
        }

        var match = MoneyPattern().Match(text);
        if (!match.Success)
        {
            return new MoneyCell(CellKind.Invalid, null, raw);
        }

        var number = StripSeparators(match.Groups["int"].Value) + (match.Groups["frac"].Success ? "." + match.Groups["frac"].Value : "");
        var unit = match.Groups["unit"].Value switch
        {
            "万元" or "万" => MoneyUnit.TenThousandYuan,
            "元" => MoneyUnit.Yuan,
            _ => defaultUnit,
        };
        var sign = match.Groups["sign"].Value == "-" ? "-" : "";
        if (unit == target)
        {
            return new MoneyCell(CellKind.Value, sign + number, raw);
        }

        var shifted = unit == MoneyUnit.TenThousandYuan ? ShiftDecimal(number, 4) : ShiftDecimal(number, -4);
        return new MoneyCell(CellKind.Value, sign + shifted, raw);
    }

    /// <summary>Multiplies an unsigned decimal string by 10^<paramref name="places"/> exactly.</summary>
    public static string ShiftDecimal(string number, int places)
    {
        var dot = number.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? number : number[..dot];
        var fracPart = dot < 0 ? "" : number[(dot + 1)..];
        var digits = intPart + fracPart;
        var point = intPart.Length + places;
        if (point < 0)
        {
            digits = new string('0', -point) + digits;
            point = 0;
        }
        else if (point > digits.Length)
        {
            digits += new string('0', point - digits.Length);
        }

        var newInt = digits[..point].TrimStart('0');
        var newFrac = digits[point..].TrimEnd('0');
        if (newInt.Length == 0)
        {
            newInt = "0";
        }

        return newFrac.Length == 0 ? newInt : newInt + "." + newFrac;
    }

    private static string Clean(string raw)
    {
        var normalized = TextNormalizer.Normalize(raw).Trim();
        // Spaces around a sign or unit ("- 18", "7.522 万元") are harmless; inside digits they are not.
        return SpaceAroundNonDigit().Replace(normalized, "");
    }

    private static string StripSeparators(string digits) => digits.Replace(",", "", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<sign>[+-]?)(?<num>\d{1,3}(?:,\d{3})+|\d+)(?:件|条|个|项|次)?$", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex CountPattern();

    [GeneratedRegex(@"^(?<sign>[+-]?)(?<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?<frac>\d+))?(?<unit>万元|万|元)?$", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex MoneyPattern();

    [GeneratedRegex(@"(?<=[^\d\s]|^)\s+|\s+(?=[^\d\s]|$)", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex SpaceAroundNonDigit();
}
