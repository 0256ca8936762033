using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Domain.Audit;

/// <summary>One stored entry with its chain fields: <c>seq|previous hash|hash|encoded entry</c>.</summary>
/// <remarks>Equality is by value.</remarks>
public sealed record AuditLink(long Seq, string PreviousHash, string Hash, string EncodedEntry)
{
    public string Format() => string.Create(CultureInfo.InvariantCulture, $"{Seq}|{PreviousHash}|{Hash}|{EncodedEntry}");

    /// <summary>Parses <see cref="Format"/>; null when the text is not a link.</summary>
    public static AuditLink? TryParse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var a = text.IndexOf('|', StringComparison.Ordinal);
        var b = a < 0 ? -1 : text.IndexOf('|', a + 1);
        var c = b < 0 ? -1 : text.IndexOf('|', b + 1);
        if (c < 0 || !long.TryParse(text.AsSpan(0, a), NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return null;
        }

        return new AuditLink(seq, text[(a + 1)..b], text[(b + 1)..c], text[(c + 1)..]);
    }
}
