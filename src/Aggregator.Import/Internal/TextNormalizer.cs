using System.Text;

namespace Aggregator.Import.Internal;

/// <summary>Maps full-width and typographic variants to their ASCII forms.</summary>
internal static class TextNormalizer
{
    /// <summary>
    /// Full-width digits, letters, punctuation and spaces to ASCII; the minus-like dashes
    /// (U+2212, U+FE63, U+FF0D) to '-'; zero-width characters removed; NBSP and ideographic space
    /// to a plain space. Em dashes and other long dashes are kept (they mean "not reported").
    /// </summary>
    public static string Normalize(string text) => Normalize(text, keepLength: false);

    /// <summary>As <see cref="Normalize(string)"/>; with <paramref name="keepLength"/> zero-width characters are kept so that indexes match the input.</summary>
    public static string Normalize(string text, bool keepLength)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\u200B' or '\u200C' or '\u200D' or '\uFEFF' or '\u00AD':
                    if (keepLength)
                    {
                        sb.Append(c);
                    }

                    break;
                case '\u00A0' or '\u3000' or '\u2002' or '\u2003' or '\u2009':
                    sb.Append(' ');
                    break;
                case '\u2212' or '\uFE63' or '\uFF0D':
                    sb.Append('-');
                    break;
                case >= '\uFF01' and <= '\uFF5E':
                    sb.Append((char)(c - 0xFEE0));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Text as printed, without what the contract refuses in narratives although a word processor
    /// leaves it in a published page: invisible format characters (zero-width, direction marks and
    /// overrides, BOM, soft hyphen: Unicode category Cf) and non-characters are dropped, line and
    /// paragraph separators (U+2028, U+2029) become line breaks.
    /// </summary>
    public static string WithoutInvisible(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            var codePoint = pair ? char.ConvertToUtf32(c, text[i + 1]) : c;
            var drop = System.Globalization.CharUnicodeInfo.GetUnicodeCategory(codePoint) == System.Globalization.UnicodeCategory.Format
                || codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE;
            var replace = c is '\u2028' or '\u2029';
            if ((drop || replace) && sb is null)
            {
                sb = new StringBuilder(text.Length).Append(text, 0, i);
            }

            if (replace)
            {
                sb!.Append('\n');
            }
            else if (!drop)
            {
                sb?.Append(c);
                if (pair)
                {
                    sb?.Append(text[i + 1]);
                }
            }

            if (pair)
            {
                i++;
            }
        }

        return sb?.ToString() ?? text;
    }

    /// <summary>Normalized, with every whitespace character removed: for comparing labels.</summary>
    public static string Compact(string text)
    {
        var normalized = Normalize(text);
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (!char.IsWhiteSpace(c) && c is not ('"' or '“' or '”' or '\'' or '‘' or '’'))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Collapses runs of whitespace to one space and removes the spaces next to CJK characters
    /// (source line breaks inside Chinese text).
    /// </summary>
    public static string CollapseNarrative(string text)
    {
        var normalized = text.Replace('\u00A0', ' ').Replace('\u3000', ' ');
        var sb = new StringBuilder(normalized.Length);
        var pendingSpace = false;
        foreach (var c in normalized)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (pendingSpace && !IsWide(c) && !IsWide(sb[^1]))
            {
                sb.Append(' ');
            }

            pendingSpace = false;
            sb.Append(c);
        }

        return sb.ToString();
    }

    public static bool IsCjk(char c) => c is (>= '\u4E00' and <= '\u9FFF') or (>= '\u3400' and <= '\u4DBF');

    private static bool IsWide(char c) => IsCjk(c) || c is (>= '\u3000' and <= '\u303F') or (>= '\uFF00' and <= '\uFFEF') or '“' or '”' or '‘' or '’' or '—' or '…';
}
