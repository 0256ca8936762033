using System.Globalization;
using Aggregator.Domain;
using Aggregator.Domain.Cells;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Aggregator.Export.Internal;

/// <summary>
/// The annual report as a Word document in the national layout: the title, the six section headings
/// in order, the narratives of 一, 五 and 六 (a placeholder where a part is empty), and tables 二, 三
/// and 四 as real Word tables laid out by <see cref="NationalTables"/> (merged headings as
/// <c>w:gridSpan</c> and <c>w:vMerge</c>). A4 portrait, 宋体.
/// </summary>
internal static class WordWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Placeholder of an empty narrative part in a unit's report.</summary>
    public const string ReportPlaceholder = "(未填写)";

    /// <summary>Placeholder of a narrative part in a rollup, whose narratives the office writes itself.</summary>
    public const string RollupPlaceholder = "(此处由本级政府信息公开工作主管部门填写)";

    private const string Font = "宋体";
    private const int BodySize = 24; // half-points: 12 pt (小四)
    private const int TableSize = 16; // 8 pt
    private const int TableWidthTwips = 9638; // A4 minus 2 cm margins each side

    /// <param name="note">A line under the title (a rollup's scope), or null.</param>
    /// <param name="rollup">True for a rollup: empty narratives get <see cref="RollupPlaceholder"/>.</param>
    public static byte[] Write(string title, AnnualReport report, string? note, bool rollup)
    {
        using var stream = new MemoryStream();
        using (var package = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            package.PackageProperties.Title = title;
            var main = package.AddMainDocumentPart();
            var body = new Body();
            body.Append(Paragraph(title, bold: true, size: 36, center: true));
            if (note is not null)
            {
                body.Append(Paragraph(note, center: true, size: 21));
            }

            var placeholder = rollup ? RollupPlaceholder : ReportPlaceholder;
            body.Append(Heading(ReportText.Heading1));
            Narrative(body, report, ReportText.Overview, placeholder);
            Figures(body, report, Sections.S1Overview);

            body.Append(Heading(NationalTables.Title2));
            body.Append(Table(NationalTables.Table2(report)));
            body.Append(Heading(NationalTables.Title3));
            body.Append(Table(NationalTables.Table3(report)));
            body.Append(Heading(NationalTables.Title4));
            body.Append(Table(NationalTables.Table4(report)));

            body.Append(Heading(ReportText.Heading5));
            Narrative(body, report, ReportText.Problems, placeholder);
            body.Append(Heading(ReportText.Heading6));
            Narrative(body, report, ReportText.Other, placeholder);
            Figures(body, report, Sections.S6Other);

            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1134, Bottom = 1134, Left = 1134U, Right = 1134U, Header = 567U, Footer = 567U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static void Narrative(Body body, AnnualReport report, IReadOnlyList<ReportText.Part> parts, string placeholder)
    {
        foreach (var part in parts)
        {
            if (part.Label.Length > 0)
            {
                body.Append(Paragraph(part.Label, bold: true, indent: true));
            }

            var text = part.Text(report.Narratives);
            var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (lines.Length == 0)
            {
                // An empty introduction is left out, as in print; a labelled part, or a section's only text, shows the placeholder.
                if (part.Label.Length > 0 || parts.Count == 1)
                {
                    body.Append(Paragraph(placeholder, indent: true));
                }

                continue;
            }

            foreach (var line in lines)
            {
                body.Append(Paragraph(line, indent: true));
            }
        }
    }

    /// <summary>The structured figures of 一 or 六 that are reported, one line each ("label:value").</summary>
    private static void Figures(Body body, AnnualReport report, Sections section)
    {
        foreach (var cell in ReportText.Figures(section, report.Format))
        {
            if (report.Figures[cell.Id] is { } value)
            {
                body.Append(Paragraph($"{cell.LabelZh}:{ExactDecimal.Format(value)}", indent: true));
            }
        }
    }

    private static Paragraph Heading(string text) => Paragraph(text, bold: true, size: 28, keepNext: true);

    private static Paragraph Paragraph(string text, bool bold = false, int size = BodySize, bool center = false, bool indent = false, bool keepNext = false)
    {
        var properties = new ParagraphProperties();
        if (keepNext)
        {
            properties.Append(new KeepNext());
        }

        properties.Append(new SpacingBetweenLines { Before = "60", After = "60" });
        if (indent)
        {
            properties.Append(new Indentation { FirstLineChars = 200 });
        }

        if (center)
        {
            properties.Append(new Justification { Val = JustificationValues.Center });
        }

        return new Paragraph(properties, Run(text, bold, size));
    }

    private static Run Run(string text, bool bold, int size)
    {
        var properties = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, EastAsia = Font });
        if (bold)
        {
            properties.Append(new Bold());
        }

        properties.Append(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    /// <summary>A grid as a Word table: a merge is one cell spanning its columns, continued down its rows.</summary>
    private static Table Table(Grid grid)
    {
        var weights = grid.Widths ?? [.. Enumerable.Repeat(1.0, grid.Columns)];
        var total = weights.Sum();
        var widths = weights.Select(w => (int)(TableWidthTwips * w / total)).ToArray();

        var border = () => new BorderType[]
        {
            new TopBorder { Val = BorderValues.Single, Size = 4 },
            new LeftBorder { Val = BorderValues.Single, Size = 4 },
            new BottomBorder { Val = BorderValues.Single, Size = 4 },
            new RightBorder { Val = BorderValues.Single, Size = 4 },
            new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
            new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 },
        };
        var table = new Table(new TableProperties(
            new TableWidth { Width = TableWidthTwips.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(border()),
            new TableLayout { Type = TableLayoutValues.Fixed }));
        table.Append(new TableGrid(widths.Select(w => new GridColumn { Width = w.ToString(CultureInfo.InvariantCulture) })));

        // Where each merge starts, and which cells it covers.
        var starts = new Dictionary<(int Row, int Column), Merge>();
        var covered = new Dictionary<(int Row, int Column), Merge>();
        foreach (var m in grid.Merges)
        {
            starts[(m.Row, m.Column)] = m;
            for (var r = m.Row; r <= m.LastRow; r++)
            {
                for (var c = m.Column; c <= m.LastColumn; c++)
                {
                    if (r != m.Row || c != m.Column)
                    {
                        covered[(r, c)] = m;
                    }
                }
            }
        }

        for (var r = 0; r < grid.Rows.Count; r++)
        {
            var row = new TableRow(new TableRowProperties(new CantSplit()));
            for (var c = 0; c < grid.Columns; c++)
            {
                Merge? merge = null;
                VerticalMerge? vertical = null;
                if (starts.TryGetValue((r, c), out var start))
                {
                    merge = start;
                    vertical = start.LastRow > r ? new VerticalMerge { Val = MergedCellValues.Restart } : null;
                }
                else if (covered.TryGetValue((r, c), out var cover))
                {
                    if (c != cover.Column)
                    {
                        continue; // inside a span of columns
                    }

                    merge = cover;
                    vertical = new VerticalMerge { Val = MergedCellValues.Continue };
                }

                var span = merge is { } m ? m.LastColumn - m.Column + 1 : 1;
                var width = widths.Skip(c).Take(span).Sum();
                var properties = new TableCellProperties(new TableCellWidth { Width = width.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa });
                if (span > 1)
                {
                    properties.Append(new GridSpan { Val = span });
                }

                if (vertical is not null)
                {
                    properties.Append(vertical);
                }

                properties.Append(new TableCellVerticalAlignment { Val = TableVerticalAlignmentValues.Center });
                var cell = grid.Rows[r][c];
                var text = vertical?.Val?.Value == MergedCellValues.Continue ? "" : cell.Text;
                var paragraph = new Paragraph(
                    new ParagraphProperties(
                        new SpacingBetweenLines { Before = "0", After = "0" },
                        new Justification { Val = cell.Kind == GridCellKind.Label ? JustificationValues.Left : JustificationValues.Center }),
                    Run(text, cell.Kind == GridCellKind.Header, TableSize));
                row.Append(new TableCell(properties, paragraph));
            }

            table.Append(row);
        }

        return table;
    }
}
