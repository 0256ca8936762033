namespace Aggregator.Import.Internal;

/// <summary>
/// Reads the text form: every line is a paragraph, except lines containing <c>|</c>, which are
/// table rows; consecutive rows form one table.
/// </summary>
internal static class TextDocumentReader
{
    public static SourceDocument Read(string text)
    {
        var blocks = new List<SourceBlock>();
        List<SourceRow>? rows = null;
        var tableStart = 0;
        var tableCount = 0;
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim().TrimStart('\uFEFF');
            var location = SourceLocation.TextLine(i + 1);
            if (line.Contains('|', StringComparison.Ordinal))
            {
                if (rows is null)
                {
                    rows = [];
                    tableStart = i + 1;
                }

                var cells = line.Split('|').Select(c => new SourceCell(c.Trim(), 1)).ToList();
                rows.Add(new SourceRow(cells, [], location));
                continue;
            }

            FlushTable();
            if (line.Length > 0)
            {
                blocks.Add(new ParagraphBlock(line, location));
            }
        }

        FlushTable();
        return new SourceDocument(blocks, IsHtml: false);

        void FlushTable()
        {
            if (rows is not null)
            {
                tableCount++;
                blocks.Add(new TableBlock(tableCount, rows, SourceLocation.TextLine(tableStart)));
                rows = null;
            }
        }
    }
}
