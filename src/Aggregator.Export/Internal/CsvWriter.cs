using System.Text;

namespace Aggregator.Export.Internal;

/// <summary>
/// CSV per RFC 4180 (CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, quotes
/// doubled), UTF-8 with a byte-order mark so that Excel reads the Chinese labels. The document
/// title comes first, then each section as its title line followed by its grid rows; rows keep
/// their table's width. Numbers are written as exact decimal strings; not-reported cells are empty.
/// Free text that a spreadsheet would take for a formula gets a leading apostrophe.
/// </summary>
internal static class CsvWriter
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static byte[] Write(ExportDocument document)
    {
        var text = new StringBuilder();
        Line(text, [document.Title]);
        foreach (var section in document.Sections)
        {
            Line(text, [section.Title]);
            foreach (var row in section.Grid.Rows)
            {
                Line(text, row.Select(Field));
            }
        }

        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(text.ToString());
        return [.. preamble, .. body];
    }

    private static string Field(GridCell cell) => cell.Kind switch
    {
        GridCellKind.Text when cell.Text.Length > 0 && cell.Text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' => "'" + cell.Text,
        _ => cell.Text,
    };

    private static void Line(StringBuilder text, IEnumerable<string> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                text.Append(',');
            }

            first = false;
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                text.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                text.Append(field);
            }
        }

        text.Append("\r\n");
    }
}
