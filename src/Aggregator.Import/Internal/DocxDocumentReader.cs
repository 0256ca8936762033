using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Aggregator.Import.Internal;

/// <summary>
/// Reads a Word (.docx) document with the Open XML SDK into paragraphs and tables in reading
/// order. Table cells merged across columns (<c>w:gridSpan</c>) are one cell spanning the grid;
/// cells merged down (<c>w:vMerge</c>) are kept in their first row, and their continuation cells
/// become the group labels inherited by the rows below (as rowspan does in HTML). A label split
/// over several paragraphs or runs is one cell text.
/// </summary>
internal static class DocxDocumentReader
{
    /// <summary>Reads the document; a file that is not a Word document throws <see cref="InvalidDataException"/>.</summary>
    public static SourceDocument Read(Stream stream)
    {
        WordprocessingDocument document;
        try
        {
            document = WordprocessingDocument.Open(stream, isEditable: false);
        }
        catch (Exception e) when (e is OpenXmlPackageException or FileFormatException or InvalidDataException)
        {
            throw new InvalidDataException($"not a Word (.docx) document: {e.Message}", e);
        }

        using (document)
        {
            var body = document.MainDocumentPart?.Document?.Body
                ?? throw new InvalidDataException("not a Word (.docx) document: it has no document body");
            var reader = new Reader();
            reader.Walk(body);
            return new SourceDocument(reader.Blocks, IsHtml: true);
        }
    }

    private sealed class Reader
    {
        private int _paragraphs;
        private int _tables;

        public List<SourceBlock> Blocks { get; } = [];

        public void Walk(OpenXmlElement container)
        {
            foreach (var element in container.ChildElements)
            {
                switch (element)
                {
                    case Paragraph paragraph:
                        _paragraphs++;
                        var text = TextOf(paragraph).Trim();
                        if (text.Length > 0)
                        {
                            Blocks.Add(new ParagraphBlock(text, SourceLocation.DocxParagraph(_paragraphs)));
                        }

                        break;
                    case Table table:
                        AddTable(table);
                        break;
                    case SdtBlock or SdtContentBlock or CustomXmlBlock:
                        Walk(element);
                        break;
                }
            }
        }

        private void AddTable(Table table)
        {
            _tables++;
            var index = _tables;
            var rows = new List<SourceRow>();
            // The text of the vertically merged cell that starts above, by grid column.
            var mergedAbove = new Dictionary<int, string>();
            var r = 0;
            foreach (var row in table.Elements<TableRow>())
            {
                r++;
                var col = row.TableRowProperties?.GetFirstChild<GridBefore>()?.Val?.Value ?? 0;
                var cells = new List<SourceCell>();
                var inherited = new List<string>();
                foreach (var cell in row.Elements<TableCell>())
                {
                    var properties = cell.TableCellProperties;
                    var span = Math.Clamp(properties?.GridSpan?.Val?.Value ?? 1, 1, 1000);
                    var merge = properties?.VerticalMerge;
                    var continues = merge is not null && (merge.Val is null || merge.Val.Value == MergedCellValues.Continue);
                    if (continues)
                    {
                        // Covered from above: a group label for this row when left of its own cells.
                        if (cells.Count == 0 && mergedAbove.TryGetValue(col, out var above) && above.Length > 0 && !inherited.Contains(above))
                        {
                            inherited.Add(above);
                        }

                        col += span;
                        continue;
                    }

                    var text = CellText(cell);
                    for (var c = col; c < col + span; c++)
                    {
                        if (merge is not null)
                        {
                            mergedAbove[c] = text;
                        }
                        else
                        {
                            mergedAbove.Remove(c);
                        }
                    }

                    cells.Add(new SourceCell(text, span));
                    col += span;
                }

                rows.Add(new SourceRow(cells, inherited, SourceLocation.HtmlRow(index, r, null)));
            }

            Blocks.Add(new TableBlock(index, rows, SourceLocation.HtmlTable(index, null)));
        }

        /// <summary>A cell's paragraphs joined by line breaks (nested tables read as text).</summary>
        private static string CellText(TableCell cell) =>
            string.Join('\n', cell.Descendants<Paragraph>().Select(TextOf).Where(t => t.Trim().Length > 0)).Trim();
    }

    /// <summary>The text of a paragraph's runs: w:t, tabs as spaces, breaks as line breaks; deleted text left out.</summary>
    private static string TextOf(Paragraph paragraph)
    {
        var sb = new StringBuilder();
        foreach (var element in paragraph.Descendants())
        {
            switch (element)
            {
                case Text t when t.Ancestors<DeletedRun>().FirstOrDefault() is null:
                    sb.Append(t.Text);
                    break;
                case TabChar:
                    sb.Append(' ');
                    break;
                case Break or CarriageReturn:
                    sb.Append('\n');
                    break;
            }
        }

        return sb.ToString();
    }
}
