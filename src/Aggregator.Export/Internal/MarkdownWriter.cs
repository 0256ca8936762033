using System.Text;

namespace Aggregator.Export.Internal;

/// <summary>
/// GitHub-flavoured Markdown: the document title as a level-1 heading, each section as a level-2
/// heading and one table whose header is the grid's first row (merged cells are empty, as in the
/// CSV). Pipes are escaped, line breaks become &lt;br&gt;, and &lt; &gt; &amp; are entity-encoded.
/// </summary>
internal static class MarkdownWriter
{
    public const string ContentType = "text/markdown; charset=utf-8";

    public static byte[] Write(ExportDocument document)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(Escape(document.Title)).Append('\n');
        foreach (var section in document.Sections)
        {
            text.Append("\n## ").Append(Escape(section.Title)).Append("\n\n");
            var grid = section.Grid;
            for (var r = 0; r < grid.Rows.Count; r++)
            {
                Row(text, grid.Rows[r]);
                if (r == 0)
                {
                    text.Append('|');
                    for (var c = 0; c < grid.Columns; c++)
                    {
                        text.Append(" --- |");
                    }

                    text.Append('\n');
                }
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Row(StringBuilder text, GridCell[] cells)
    {
        text.Append('|');
        foreach (var cell in cells)
        {
            text.Append(' ').Append(Escape(cell.Text)).Append(" |");
        }

        text.Append('\n');
    }

    internal static string Escape(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("|", "\\|", StringComparison.Ordinal)
        .Replace("\r\n", "<br>", StringComparison.Ordinal)
        .Replace("\n", "<br>", StringComparison.Ordinal)
        .Replace("\r", "<br>", StringComparison.Ordinal);
}
