using System.Collections.Frozen;
using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Domain.Cells;

/// <summary>Exact decimal strings as the contract carries them.</summary>
public static class ExactDecimal
{
    /// <summary>Parses "-?digits(.digits)?" exactly, without culture, exponent or separators.</summary>
    public static bool TryParse(string? text, out decimal value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text) || text.Length > 40)
        {
            return false;
        }

        var i = text[0] == '-' ? 1 : 0;
        var digitsBefore = 0;
        var digitsAfter = 0;
        var dot = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' && !dot)
            {
                dot = true;
            }
            else if (char.IsAsciiDigit(c))
            {
                if (dot)
                {
                    digitsAfter++;
                }
                else
                {
                    digitsBefore++;
                }
            }
            else
            {
                return false;
            }
        }

        if (digitsBefore == 0 || (dot && digitsAfter == 0) || digitsBefore > 18 || digitsAfter > 10)
        {
            return false;
        }

        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Number of decimals written in a valid decimal string.</summary>
    public static int Scale(string text)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? 0 : text.Length - dot - 1;
    }

    /// <summary>Formats without trailing zeros or exponent ("7.522", "0", "-18").</summary>
    public static string Format(decimal value)
    {
        var text = value.ToString("0.############################", CultureInfo.InvariantCulture);
        return text == "-0" ? "0" : text;
    }
}
