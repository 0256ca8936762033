using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using M = Aggregator.Domain.Text.Messages.Import;

namespace Aggregator.Import.Internal;

/// <summary>
/// Reads a PDF's text layer with PdfPig into paragraphs and tables in reading order, by geometry:
/// <list type="bullet">
/// <item>tables are the regions drawn with ruling lines; the lines give the grid, a missing line
/// between two grid cells merges them (colspan, rowspan), and the letters inside a cell are its text
/// (a label wrapped over several lines is one cell text, its lines joined by line breaks);</item>
/// <item>a table that ends at the bottom of a page and goes on at the top of the next one, with
/// nothing between, is one table; a cell merged down across the break keeps its label;</item>
/// <item>the other letters make lines, and lines make paragraphs: a line that reaches the right
/// margin goes on in the next line when that one is not indented;</item>
/// <item>page numbers (<c>- 3 -</c>, <c>第3页</c>, <c>3/12</c>) and running headers or footers (the
/// same line at the top or bottom of several pages) are left out.</item>
/// </list>
/// A PDF with no letters at all (a scan) throws <see cref="PdfNoTextLayerException"/>.
/// </summary>
internal static partial class PdfDocumentReader
{
    /// <summary>Distance (pt) within which two ruling positions are the same line.</summary>
    private const double Tolerance = 2.0;

    /// <summary>Reads the document; bytes that are not a PDF throw <see cref="InvalidDataException"/>.</summary>
    public static SourceDocument Read(Stream stream)
    {
        byte[] bytes;
        using (var copy = new MemoryStream())
        {
            stream.CopyTo(copy);
            bytes = copy.ToArray();
        }

        PdfDocument document;
        try
        {
            document = PdfDocument.Open(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"not a PDF document: {e.Message}", e);
        }

        using (document)
        {
            var pages = new List<PageContent>();
            try
            {
                foreach (var page in document.GetPages())
                {
                    pages.Add(PageContent.Of(page));
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException and not InvalidDataException)
            {
                throw new InvalidDataException($"the PDF cannot be read: {e.Message}", e);
            }

            if (pages.All(p => p.Letters.All(g => g.IsSpace)))
            {
                throw new PdfNoTextLayerException(pages.Count);
            }

            return new SourceDocument(Blocks(pages), IsHtml: true);
        }
    }

    private static List<SourceBlock> Blocks(List<PageContent> pages)
    {
        var furniture = Furniture(pages);
        // Reading order: per page, tables and text lines top to bottom.
        var items = new List<(int Page, double Top, object Item)>();
        foreach (var page in pages)
        {
            foreach (var region in page.Regions)
            {
                items.Add((page.Number, region.Top, region));
            }

            foreach (var line in page.Lines.Where(l => !furniture.Contains(l)))
            {
                items.Add((page.Number, line.Top, line));
            }
        }

        items.Sort((a, b) => a.Page != b.Page ? a.Page.CompareTo(b.Page) : b.Top.CompareTo(a.Top));

        var blocks = new List<SourceBlock>();
        var body = pages.SelectMany(p => p.Lines).Where(l => !furniture.Contains(l)).ToList();
        var rightMargin = body.Count == 0 ? 0 : body.Max(l => l.Right);
        var tableCount = 0;
        var paragraphCount = 0;
        List<TableRegion>? table = null;
        TextLine? previous = null;
        StringBuilder? paragraph = null;
        (int Page, double Top) paragraphStart = default;
        foreach (var (_, _, item) in items)
        {
            if (item is TableRegion region)
            {
                FlushParagraph();
                if (table is not null && Continues(table[^1], region, pages))
                {
                    table.Add(region);
                    continue;
                }

                FlushTable();
                table = [region];
                continue;
            }

            var line = (TextLine)item;
            FlushTable();
            if (paragraph is not null && previous is not null && JoinsPrevious(previous, line, rightMargin))
            {
                paragraph.Append(Separator(paragraph, line.Text)).Append(line.Text);
            }
            else
            {
                FlushParagraph();
                paragraph = new StringBuilder(line.Text);
                paragraphStart = (line.Page, line.Top);
            }

            previous = line;
        }

        FlushParagraph();
        FlushTable();
        return blocks;

        void FlushParagraph()
        {
            if (paragraph is not null)
            {
                // Spaces as printed (a line's glyph gaps); lines were joined without any.
                var text = paragraph.ToString().Trim();
                if (text.Length > 0)
                {
                    paragraphCount++;
                    blocks.Add(new ParagraphBlock(text, new SourceLocation(null, M.PageParagraph(paragraphStart.Page, paragraphCount))));
                }
            }

            paragraph = null;
            previous = null;
        }

        void FlushTable()
        {
            if (table is not null)
            {
                tableCount++;
                blocks.Add(TableOf(tableCount, table));
            }

            table = null;
        }
    }

    /// <summary>A region at the top of the page after the one holding <paramref name="last"/>, which ends at its bottom, and as wide.</summary>
    private static bool Continues(TableRegion last, TableRegion next, List<PageContent> pages)
    {
        if (next.Page != last.Page + 1)
        {
            return false;
        }

        var lastPage = pages.First(p => p.Number == last.Page);
        var nextPage = pages.First(p => p.Number == next.Page);
        var nothingAfter = !lastPage.Regions.Any(r => r.Top < last.Bottom) && !lastPage.Lines.Any(l => l.Top < last.Bottom && !l.IsFurniture);
        var nothingBefore = !nextPage.Regions.Any(r => r.Top > next.Top) && !nextPage.Lines.Any(l => l.Top > next.Top && !l.IsFurniture);
        return nothingAfter && nothingBefore
            && Math.Abs(last.Left - next.Left) <= Tolerance * 3 && Math.Abs(last.Right - next.Right) <= Tolerance * 3;
    }

    /// <summary>A line goes on from the previous one when that one reaches the right margin and this one is not indented.</summary>
    private static bool JoinsPrevious(TextLine previous, TextLine line, double rightMargin) =>
        !Numbered().IsMatch(line.Text) && !ContentRecognizer.TryHeading(line.Text, out _)
        && previous.Right >= rightMargin - Math.Max(1.5 * previous.FontSize, line.LeadWidth + (0.5 * line.FontSize))
        && line.Left <= previous.Left + (0.5 * line.FontSize)
        && (line.Page == previous.Page ? previous.Bottom - line.Top < 1.5 * line.FontSize : true);

    /// <summary>No space between lines of Chinese text; a space between two Latin words.</summary>
    private static string Separator(StringBuilder before, string next) =>
        before.Length > 0 && IsLatin(before[^1]) && next.Length > 0 && IsLatin(next[0]) ? " " : "";

    private static bool IsLatin(char c) => c < 0x2E80 && char.IsLetterOrDigit(c);

    /// <summary>
    /// Page numbers and running headers or footers: lines in the top or bottom tenth of a page that
    /// are a page number, or whose text (digits aside) is on the same edge of at least two pages.
    /// </summary>
    private static HashSet<TextLine> Furniture(List<PageContent> pages)
    {
        var edge = pages.SelectMany(p => p.Lines.Where(l => l.Top > p.Height * 0.9 || l.Bottom < p.Height * 0.1)).ToList();
        var repeated = edge
            .GroupBy(l => (Top: l.Top > l.PageHeight / 2, Text: DigitsOut().Replace(l.Text, "#")))
            .Where(g => g.Select(l => l.Page).Distinct().Count() >= 2)
            .SelectMany(g => g);
        var result = new HashSet<TextLine>(edge.Where(l => PageNumber().IsMatch(l.Text)).Concat(repeated));
        foreach (var line in result)
        {
            line.IsFurniture = true;
        }

        return result;
    }

    private static SourceBlock TableOf(int index, List<TableRegion> parts)
    {
        // One column grid for every part, so that colspans compare across a page break.
        var xs = Cluster(parts.SelectMany(p => p.Cells.SelectMany(c => new[] { c.Left, c.Right })));
        var rows = new List<SourceRow>();
        var r = 0;
        TableRegion? before = null;
        List<PdfCell>? lastOwn = null;
        foreach (var part in parts)
        {
            // Cells merged down across the page break: empty at the top of this part, under a cell
            // of the previous part that reaches its bottom, at the same columns.
            var carried = new Dictionary<PdfCell, string>();
            if (before is not null)
            {
                foreach (var cell in part.Cells.Where(c => c.FirstRow == 0 && c.Text.Length == 0 && c.LastRow > 0))
                {
                    var above = before.Cells.FirstOrDefault(a => a.LastRow == before.RowCount - 1
                        && Math.Abs(a.Left - cell.Left) <= Tolerance && Math.Abs(a.Right - cell.Right) <= Tolerance);
                    if (above is not null && above.Text.Length > 0)
                    {
                        carried[cell] = above.Text;
                    }
                }

                // The same for the bottom row of the previous part: a label cell ending there goes on here.
                foreach (var cell in part.Cells.Where(c => c.FirstRow == 0 && c.Text.Length == 0 && c.LastRow == 0 && !carried.ContainsKey(c)))
                {
                    var above = before.Cells.FirstOrDefault(a => a.LastRow == before.RowCount - 1 && a.FirstRow < a.LastRow
                        && Math.Abs(a.Left - cell.Left) <= Tolerance && Math.Abs(a.Right - cell.Right) <= Tolerance);
                    if (above is not null && above.Text.Length > 0)
                    {
                        carried[cell] = above.Text;
                    }
                }
            }

            for (var band = 0; band < part.RowCount; band++)
            {
                var own = part.Cells
                    .Where(c => c.FirstRow == band && !carried.ContainsKey(c))
                    .OrderBy(c => c.Left)
                    .ToList();
                if (own.Count == 0)
                {
                    continue;
                }

                if (band == 0 && lastOwn is not null && rows.Count > 0 && IsRowRest(lastOwn, own))
                {
                    // A row broken by the page break: its rest joins the row on the previous page.
                    var joined = lastOwn.Zip(own, (a, b) => a.Text + Separator(new StringBuilder(a.Text), b.Text) + b.Text).ToList();
                    rows[^1] = rows[^1] with { Cells = [.. joined.Zip(rows[^1].Cells, (t, c) => new SourceCell(t, c.ColSpan))] };
                    lastOwn = null;
                    continue;
                }

                var firstLeft = own[0].Left;
                var inherited = part.Cells
                    .Where(c => c.FirstRow <= band && c.LastRow >= band && c.Right <= firstLeft + Tolerance && (c.FirstRow < band || carried.ContainsKey(c)))
                    .OrderBy(c => c.Left)
                    .Select(c => carried.TryGetValue(c, out var t) ? t : c.Text)
                    .Where(t => t.Length > 0)
                    .Distinct(StringComparer.Ordinal)
                    .ToList();
                var cells = own.SelectMany(c => Split(c, xs)).ToList();
                r++;
                lastOwn = cells.Count == own.Count ? own : null;
                rows.Add(new SourceRow(cells, inherited, new SourceLocation(r, M.TableRowOnPage(index, r, part.Page))));
            }

            before = part;
            lastOwn = lastOwn is not null && lastOwn.All(c => c.LastRow == part.RowCount - 1) ? lastOwn : null;
        }

        return new TableBlock(index, rows, new SourceLocation(null, M.TableOnPage(index, parts[0].Page)));
    }

    /// <summary>
    /// A cell as source cells: itself, spanning the grid columns it covers; or, when it covers several
    /// columns without rulings between them and holds one figure in each, apart from each other (figures printed in a
    /// table whose inner rulings are not drawn), one cell per column.
    /// </summary>
    private static IEnumerable<SourceCell> Split(PdfCell cell, List<double> xs)
    {
        var columns = Enumerable.Range(0, xs.Count - 1)
            .Where(i => (xs[i] + xs[i + 1]) / 2 > cell.Left && (xs[i] + xs[i + 1]) / 2 < cell.Right)
            .ToList();
        if (columns.Count > 1 && cell.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == columns.Count)
        {
            var parts = columns
                .Select(i => cell.Glyphs.Where(g => Middle(g) > xs[i] && Middle(g) < xs[i + 1]).ToList())
                .ToList();
            var texts = parts.Select(CellText).ToList();
            if (texts.All(t => t.Length > 0 && (CellParser.IsFigure(t) || CellParser.IsNotReported(t))))
            {
                return texts.Select(t => new SourceCell(t, 1));
            }
        }

        return [new SourceCell(cell.Text, Math.Max(1, columns.Count))];
    }

    private static double Middle(Glyph g) => g.X + ((g.Right - g.X) / 2);

    /// <summary>
    /// The first row of a page is the rest of the previous page's last row when their cells line up
    /// one to one, it starts no numbered label, and some of its cells are empty where the previous
    /// row's are not (the figures stayed on the previous page).
    /// </summary>
    private static bool IsRowRest(List<PdfCell> previous, List<PdfCell> next) =>
        previous.Count == next.Count
        && previous.Zip(next).All(p => Math.Abs(p.First.Left - p.Second.Left) <= Tolerance && Math.Abs(p.First.Right - p.Second.Right) <= Tolerance)
        && !Numbered().IsMatch(next[0].Text)
        && previous.Zip(next).Any(p => p.Second.Text.Length == 0 && p.First.Text.Length > 0);

    /// <summary>Sorted distinct positions, those within <see cref="Tolerance"/> of each other counted once.</summary>
    private static List<double> Cluster(IEnumerable<double> values)
    {
        var result = new List<double>();
        foreach (var v in values.Order())
        {
            if (result.Count == 0 || v - result[^1] > Tolerance)
            {
                result.Add(v);
            }
        }

        return result;
    }

    [GeneratedRegex(@"^[\s\-—–_·.]*(第\s*)?\d{1,4}\s*(页)?(\s*[/／]\s*(共\s*)?\d{1,4}\s*(页)?)?[\s\-—–_·.]*$|^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex PageNumber();

    /// <summary>A line that starts a numbered item or heading: 一、 (一) 1. 1、</summary>
    [GeneratedRegex(@"^\s*([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d))", RegexOptions.CultureInvariant, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex Numbered();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex DigitsOut();

    /// <summary>One glyph: its text, centre and baseline, and size.</summary>
    private sealed record Glyph(string Text, double X, double Right, double Baseline, double CenterY, double Size)
    {
        public bool IsSpace { get; } = string.IsNullOrWhiteSpace(Text);
    }

    /// <summary>A line of text outside the tables: <paramref name="all"/> its glyphs with spaces, <paramref name="glyphs"/> without.</summary>
    private sealed class TextLine(int page, double pageHeight, List<Glyph> all, List<Glyph> glyphs)
    {
        public int Page { get; } = page;

        public double PageHeight { get; } = pageHeight;

        public string Text { get; } = JoinGlyphs(all);

        public double Left { get; } = glyphs.Min(g => g.X);

        public double Right { get; } = glyphs.Max(g => g.Right);

        public double FontSize { get; } = glyphs.Max(g => g.Size);

        public double Top { get; } = glyphs.Max(g => g.Baseline + (g.Size * 0.8));

        public double Bottom { get; } = glyphs.Min(g => g.Baseline - (g.Size * 0.2));

        /// <summary>Width of the line's leading run that cannot be broken (digits, Latin, brackets) and the character after it.</summary>
        public double LeadWidth { get; } = LeadRun(glyphs);

        public bool IsFurniture { get; set; }

        private static double LeadRun(List<Glyph> glyphs)
        {
            var ordered = glyphs.OrderBy(g => g.X).ToList();
            var run = ordered.TakeWhile(g => !g.Text.Any(TextNormalizer.IsCjk)).ToList();
            return run.Count == 0 ? 0 : run[^1].Right - run[0].X + (run.Count < ordered.Count ? ordered[run.Count].Right - ordered[run.Count].X : 0);
        }
    }

    /// <summary>A cell of a table region: its grid rows, its box and its text.</summary>
    private sealed record PdfCell(int FirstRow, int LastRow, double Left, double Right, IReadOnlyList<Glyph> Glyphs)
    {
        public string Text { get; } = CellText(Glyphs);
    }

    private sealed record TableRegion(int Page, double Left, double Right, double Top, double Bottom, int RowCount, IReadOnlyList<PdfCell> Cells);

    private sealed record Segment(double X0, double Y0, double X1, double Y1)
    {
        public bool IsHorizontal => Y1 - Y0 <= Tolerance && X1 - X0 > Tolerance;

        public bool IsVertical => X1 - X0 <= Tolerance && Y1 - Y0 > Tolerance;

        public bool Touches(Segment other) =>
            X0 <= other.X1 + Tolerance && other.X0 <= X1 + Tolerance && Y0 <= other.Y1 + Tolerance && other.Y0 <= Y1 + Tolerance;

        /// <summary>Horizontal rulings of the same extent close above each other.</summary>
        public bool Parallels(Segment other) =>
            IsHorizontal && other.IsHorizontal && Math.Abs(X0 - other.X0) <= 3 * Tolerance && Math.Abs(X1 - other.X1) <= 3 * Tolerance
            && Math.Abs(Y0 - other.Y0) <= 50;
    }

    private sealed class PageContent
    {
        public required int Number { get; init; }

        public required double Height { get; init; }

        public required List<Glyph> Letters { get; init; }

        public required List<TableRegion> Regions { get; init; }

        public required List<TextLine> Lines { get; init; }

        public static PageContent Of(Page page)
        {
            var glyphs = page.Letters
                .Where(l => l.Value.Length > 0)
                .Select(l => new Glyph(
                    l.Value,
                    l.StartBaseLine.X,
                    Math.Max(l.EndBaseLine.X, l.StartBaseLine.X + (l.Width > 0 ? l.Width : l.PointSize * 0.5)),
                    l.StartBaseLine.Y,
                    l.StartBaseLine.Y + (l.PointSize * 0.3),
                    l.PointSize > 0 ? l.PointSize : 10))
                .ToList();
            var segments = Segments(page);
            var regions = new List<TableRegion>();
            var remaining = new List<Glyph>(glyphs);
            foreach (var group in Components(segments))
            {
                if (Region(page.Number, group, remaining) is { } region)
                {
                    regions.Add(region);
                }
            }

            return new PageContent
            {
                Number = page.Number,
                Height = page.Height,
                Letters = glyphs,
                Regions = regions,
                Lines = Lines(remaining).Where(l => l.Any(g => !g.IsSpace)).Select(l => new TextLine(page.Number, page.Height, l, l.Where(g => !g.IsSpace).ToList())).ToList(),
            };
        }

        /// <summary>Horizontal and vertical ruling segments: stroked lines and thin filled rectangles.</summary>
        private static List<Segment> Segments(Page page)
        {
            var result = new List<Segment>();
            foreach (var path in page.Paths)
            {
                if (path.IsClipping || (!path.IsStroked && !path.IsFilled))
                {
                    continue;
                }

                foreach (var subpath in path)
                {
                    var points = new List<PdfPoint>();
                    foreach (var command in subpath.Commands)
                    {
                        switch (command)
                        {
                            case PdfSubpath.Move move:
                                points.Add(move.Location);
                                break;
                            case PdfSubpath.Line line:
                                if (path.IsStroked)
                                {
                                    Add(line.From, line.To);
                                }

                                points.Add(line.To);
                                break;
                        }
                    }

                    if (path.IsFilled && points.Count >= 3)
                    {
                        // A thin filled rectangle is a ruling line; its long edges' centre line.
                        var x0 = points.Min(p => p.X);
                        var x1 = points.Max(p => p.X);
                        var y0 = points.Min(p => p.Y);
                        var y1 = points.Max(p => p.Y);
                        if (y1 - y0 <= Tolerance && x1 - x0 > Tolerance)
                        {
                            result.Add(new Segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2));
                        }
                        else if (x1 - x0 <= Tolerance && y1 - y0 > Tolerance)
                        {
                            result.Add(new Segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1));
                        }
                        else if (path.IsStroked is false && x1 - x0 > Tolerance && y1 - y0 > Tolerance && points.Count is 4 or 5)
                        {
                            // A filled cell background is not a ruling; rectangles drawn stroked are handled above.
                        }
                    }
                }
            }

            return result.Where(s => s.IsHorizontal || s.IsVertical).ToList();

            void Add(PdfPoint a, PdfPoint b) =>
                result.Add(new Segment(Math.Min(a.X, b.X), Math.Min(a.Y, b.Y), Math.Max(a.X, b.X), Math.Max(a.Y, b.Y)));
        }

        /// <summary>Groups of segments that touch each other (one group a table).</summary>
        private static List<List<Segment>> Components(List<Segment> segments)
        {
            // A horizontal ruling no column ruling meets closes a row whose column rulings are not
            // drawn: it belongs to the table of the parallel ruling above or below it.
            var alone = segments.Select(s => s.IsHorizontal && !segments.Any(v => v.IsVertical && v.Touches(s))).ToArray();
            var parent = Enumerable.Range(0, segments.Count).ToArray();
            for (var i = 0; i < segments.Count; i++)
            {
                for (var j = i + 1; j < segments.Count; j++)
                {
                    if (segments[i].Touches(segments[j]) || ((alone[i] || alone[j]) && segments[i].Parallels(segments[j])))
                    {
                        parent[Find(i)] = Find(j);
                    }
                }
            }

            return Enumerable.Range(0, segments.Count).GroupBy(Find).Select(g => g.Select(i => segments[i]).ToList()).ToList();

            int Find(int i)
            {
                while (parent[i] != i)
                {
                    parent[i] = parent[parent[i]];
                    i = parent[i];
                }

                return i;
            }
        }

        /// <summary>
        /// The cells of a ruled region: the grid from the distinct ruling positions, grid cells merged
        /// where no ruling separates them. Takes the region's glyphs out of <paramref name="glyphs"/>.
        /// </summary>
        private static TableRegion? Region(int page, List<Segment> group, List<Glyph> glyphs)
        {
            var horizontal = group.Where(s => s.IsHorizontal).ToList();
            var vertical = group.Where(s => s.IsVertical).ToList();
            // The outer edges are where the rulings end, also when no ruling is drawn along them.
            var xs = Cluster(vertical.Select(s => s.X0).Concat(horizontal.Select(s => s.X0)).Concat(horizontal.Select(s => s.X1)));
            xs = Cluster(vertical.Select(s => s.X0).Append(xs[0]).Append(xs[^1]));
            var ys = Cluster(horizontal.Select(s => s.Y0).Concat(vertical.Select(s => s.Y0)).Concat(vertical.Select(s => s.Y1)));
            ys = Cluster(horizontal.Select(s => s.Y0).Append(ys[0]).Append(ys[^1]));
            ys.Reverse(); // top to bottom
            if (xs.Count < 2 || ys.Count < 2)
            {
                return null;
            }

            var rows = ys.Count - 1;
            var cols = xs.Count - 1;
            var id = new int[rows, cols];
            var parent = Enumerable.Range(0, rows * cols).ToArray();
            for (var r = 0; r < rows; r++)
            {
                var yMid = (ys[r] + ys[r + 1]) / 2;
                for (var c = 0; c < cols; c++)
                {
                    var xMid = (xs[c] + xs[c + 1]) / 2;
                    if (c + 1 < cols && !vertical.Any(s => Math.Abs(s.X0 - xs[c + 1]) <= Tolerance && s.Y0 - Tolerance <= yMid && s.Y1 + Tolerance >= yMid))
                    {
                        Union((r * cols) + c, (r * cols) + c + 1);
                    }

                    if (r + 1 < rows && !horizontal.Any(s => Math.Abs(s.Y0 - ys[r + 1]) <= Tolerance && s.X0 - Tolerance <= xMid && s.X1 + Tolerance >= xMid))
                    {
                        Union((r * cols) + c, ((r + 1) * cols) + c);
                    }
                }
            }

            var left = xs[0] - Tolerance;
            var right = xs[^1] + Tolerance;
            var top = ys[0] + Tolerance;
            var bottom = ys[^1] - Tolerance;
            var inside = glyphs.Where(g => g.X + ((g.Right - g.X) / 2) > left && g.X + ((g.Right - g.X) / 2) < right && g.CenterY < top && g.CenterY > bottom).ToList();
            glyphs.RemoveAll(inside.Contains);

            var cells = new List<PdfCell>();
            foreach (var members in Enumerable.Range(0, rows * cols).GroupBy(Find))
            {
                var firstRow = members.Min(m => m / cols);
                var lastRow = members.Max(m => m / cols);
                var x0 = xs[members.Min(m => m % cols)];
                var x1 = xs[members.Max(m => m % cols) + 1];
                var y0 = ys[firstRow];
                var y1 = ys[lastRow + 1];
                var text = inside.Where(g => g.X + ((g.Right - g.X) / 2) > x0 && g.X + ((g.Right - g.X) / 2) < x1 && g.CenterY < y0 && g.CenterY > y1).ToList();
                cells.Add(new PdfCell(firstRow, lastRow, x0, x1, text));
            }

            return new TableRegion(page, xs[0], xs[^1], ys[0], ys[^1], rows, cells);

            int Find(int i)
            {
                while (parent[i] != i)
                {
                    parent[i] = parent[parent[i]];
                    i = parent[i];
                }

                return i;
            }

            void Union(int a, int b) => parent[Find(a)] = Find(b);
        }
    }

    /// <summary>Glyphs grouped into lines by their vertical centre, top to bottom, each left to right.</summary>
    private static List<List<Glyph>> Lines(List<Glyph> glyphs)
    {
        var lines = new List<List<Glyph>>();
        foreach (var g in glyphs.OrderByDescending(g => g.CenterY))
        {
            var line = lines.FirstOrDefault(l => Math.Abs(l[0].CenterY - g.CenterY) <= Math.Min(l[0].Size, g.Size) * 0.5);
            if (line is null)
            {
                lines.Add([g]);
            }
            else
            {
                line.Add(g);
            }
        }

        foreach (var line in lines)
        {
            line.Sort((a, b) => a.X.CompareTo(b.X));
        }

        return lines;
    }

    /// <summary>
    /// A cell's text: its lines joined as a paragraph's (a label wrapped by the cell width is one
    /// label; a number wrapped in a narrow column is one number).
    /// </summary>
    private static string CellText(IReadOnlyList<Glyph> glyphs)
    {
        var sb = new StringBuilder();
        foreach (var line in Lines([.. glyphs]).Select(JoinGlyphs))
        {
            sb.Append(Separator(sb, line)).Append(line);
        }

        return sb.ToString();
    }

    /// <summary>A line's glyphs as text: a space where the PDF prints one, or where two glyphs are half their size apart.</summary>
    private static string JoinGlyphs(List<Glyph> line)
    {
        var sb = new StringBuilder();
        Glyph? previous = null;
        var space = false;
        foreach (var g in line)
        {
            if (g.IsSpace)
            {
                space = previous is not null;
                continue;
            }

            if (space || (previous is not null && g.X - previous.Right > Math.Min(previous.Size, g.Size) * 0.5))
            {
                sb.Append(' ');
            }

            sb.Append(g.Text);
            previous = g;
            space = false;
        }

        return sb.ToString();
    }
}

/// <summary>A PDF whose pages hold no text (a scanned document): it cannot be imported without OCR.</summary>
internal sealed class PdfNoTextLayerException(int pages) : Exception($"the PDF has no text layer ({pages} page(s)); OCR is not supported")
{
    public int Pages { get; } = pages;
}
