using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Domain.Audit;

/// <summary>
/// The state of one trail: the first retained and the last sequence number, and the last entry's hash.
/// Stored as <c>first|last|hash</c>; empty (0, 0, "") before the first entry.
/// </summary>
/// <remarks>Equality is by value.</remarks>
public readonly record struct AuditHead(long First, long Last, string Hash)
{
    /// <summary>Entries retained (<see cref="Last"/> − <see cref="First"/> + 1; 0 when empty).</summary>
    public long Count => Last >= First && Last > 0 ? Last - First + 1 : 0;

    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{First}|{Last}|{Hash}");

    /// <summary>Parses <see cref="Format"/>; null or "" is the empty head.</summary>
    /// <exception cref="FormatException">Not a head.</exception>
    public static AuditHead Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        var parts = text.Split('|');
        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last))
        {
            throw new FormatException($"The audit head '{text}' is not 'first|last|hash'.");
        }

        return new AuditHead(first, last, parts[2]);
    }
}
