using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Aggregator.Import.Internal;

/// <summary>
/// Reduces an HTML page to paragraphs and tables with AngleSharp. Tables holding other tables are
/// layout tables and are read through. Rowspan/colspan are expanded into a grid so that each row
/// knows the group labels covering it from above; a row's figures stay its own physical cells.
/// </summary>
internal static class HtmlDocumentReader
{
    private static readonly HashSet<string> s_skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "title", "select", "option", "iframe", "object", "svg",
    };

    private static readonly HashSet<string> s_blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "section", "article", "main", "header", "footer", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6",
        "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "center", "form", "fieldset", "address", "tr", "td", "th",
        "tbody", "thead", "tfoot", "caption", "hr", "body",
    };

    public static SourceDocument Read(string html)
    {
        var parser = new HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true });
        using var document = parser.ParseDocument(html);
        var walker = new Walker();
        walker.Walk(document.Body ?? (INode)document.DocumentElement);
        walker.Flush();
        return new SourceDocument(KeepContentContainer(walker.Blocks), IsHtml: true);
    }

    /// <summary>
    /// Keeps the blocks inside the content container, so that navigation and footers of the CMS
    /// page fall outside: the smallest element holding every report table when there are two or
    /// more (navigation may repeat a heading's words), else the smallest element holding every
    /// recognised heading and table.
    /// </summary>
    private static List<SourceBlock> KeepContentContainer(List<AnchoredBlock> blocks)
    {
        var tables = blocks
            .Where(b => b.Anchor is not null && b.Block is TableBlock t && ContentRecognizer.ClassifyTable(t) is not null)
            .Select(b => b.Anchor!)
            .ToList();
        var anchors = tables.Count >= 2
            ? tables
            : blocks
                .Where(b => b.Anchor is not null && b.Block switch
                {
                    ParagraphBlock p => ContentRecognizer.TryHeading(p.Text, out _),
                    TableBlock t => ContentRecognizer.ClassifyTable(t) is not null,
                    _ => false,
                })
                .Select(b => b.Anchor!)
                .ToList();
        if (anchors.Count == 0)
        {
            return blocks.Select(b => b.Block).ToList();
        }

        var container = anchors[0].ParentElement ?? anchors[0];
        foreach (var anchor in anchors.Skip(1))
        {
            while (container.ParentElement is not null && !container.Contains(anchor))
            {
                container = container.ParentElement;
            }
        }

        return blocks.Where(b => b.Anchor is null || container.Contains(b.Anchor)).Select(b => b.Block).ToList();
    }

    /// <summary>Text of a table cell: whitespace-only text nodes (source formatting) dropped, &lt;br&gt; as a line break.</summary>
    internal static string CellText(INode node)
    {
        var sb = new StringBuilder();
        Append(node);
        return sb.ToString().Trim();

        void Append(INode n)
        {
            foreach (var child in n.ChildNodes)
            {
                switch (child)
                {
                    case IText text:
                        if (!string.IsNullOrWhiteSpace(text.Data))
                        {
                            sb.Append(text.Data);
                        }

                        break;
                    case IElement element when s_skipped.Contains(element.LocalName):
                        break;
                    case IElement element when element.LocalName is "br" or "p" or "div":
                        sb.Append('\n');
                        Append(element);
                        break;
                    case IElement element:
                        Append(element);
                        break;
                }
            }
        }
    }

    private static int? LineOf(IElement? element) => element?.SourceReference?.Position.Line;

    private sealed class Walker
    {
        private readonly StringBuilder _text = new();
        private IElement? _textAnchor;
        private int _tableCount;

        public List<AnchoredBlock> Blocks { get; } = [];

        public void Walk(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                switch (child)
                {
                    case IText text:
                        if (_text.Length == 0 && string.IsNullOrWhiteSpace(text.Data))
                        {
                            break;
                        }

                        _textAnchor ??= text.ParentElement;
                        _text.Append(text.Data);
                        break;
                    case IHtmlTableElement table when table.QuerySelector("table") is null:
                        Flush();
                        AddTable(table);
                        break;
                    case IElement element when s_skipped.Contains(element.LocalName):
                        break;
                    case IElement element when element.LocalName == "br":
                        Flush();
                        break;
                    case IElement element when s_blocks.Contains(element.LocalName) || element is IHtmlTableElement:
                        Flush();
                        Walk(element);
                        Flush();
                        break;
                    case IElement element:
                        Walk(element);
                        break;
                }
            }
        }

        public void Flush()
        {
            if (_text.Length == 0)
            {
                return;
            }

            var text = TextNormalizer.CollapseNarrative(_text.ToString()).Trim();
            _text.Clear();
            var anchor = _textAnchor;
            _textAnchor = null;
            if (text.Length > 0)
            {
                Blocks.Add(new AnchoredBlock(new ParagraphBlock(text, SourceLocation.HtmlText(LineOf(anchor))), anchor));
            }
        }

        private void AddTable(IHtmlTableElement table)
        {
            _tableCount++;
            var index = _tableCount;
            var rows = new List<SourceRow>();
            // Grid of cell texts: covered[(row, col)] = text of the cell covering it.
            var covered = new Dictionary<(int Row, int Col), string>();
            var r = 0;
            var htmlRows = table.Rows.ToList();
            foreach (var row in htmlRows)
            {
                var cells = new List<SourceCell>();
                var col = 0;
                int? firstOwnCol = null;
                foreach (var cell in row.Cells)
                {
                    while (covered.ContainsKey((r, col)))
                    {
                        col++;
                    }

                    firstOwnCol ??= col;
                    var text = CellText(cell);
                    var colSpan = Math.Clamp(cell.ColumnSpan, 1, 1000);
                    var rowSpan = cell.RowSpan <= 0 ? htmlRows.Count - r : Math.Min(cell.RowSpan, htmlRows.Count - r);
                    for (var dr = 0; dr < rowSpan; dr++)
                    {
                        for (var dc = 0; dc < colSpan; dc++)
                        {
                            covered[(r + dr, col + dc)] = text;
                        }
                    }

                    cells.Add(new SourceCell(text, colSpan));
                    col += colSpan;
                }

                // Labels of cells from rows above that cover this row left of its first own cell.
                var limit = firstOwnCol ?? int.MaxValue;
                var inherited = covered
                    .Where(kv => kv.Key.Row == r && kv.Key.Col < limit && kv.Value.Length > 0)
                    .OrderBy(kv => kv.Key.Col)
                    .Select(kv => kv.Value)
                    .Distinct(StringComparer.Ordinal)
                    .ToList();

                rows.Add(new SourceRow(cells, inherited, SourceLocation.HtmlRow(index, r + 1, LineOf(row))));
                r++;
            }

            Blocks.Add(new AnchoredBlock(new TableBlock(index, rows, SourceLocation.HtmlTable(index, LineOf(table))), table));
        }
    }
}

/// <summary>A block with the DOM element it came from, used to find the content container.</summary>
internal sealed record AnchoredBlock(SourceBlock Block, IElement? Anchor);
