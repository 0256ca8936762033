using Aggregator.Domain.Text;
using M = Aggregator.Domain.Text.Messages.Import;

namespace Aggregator.Import.Internal;

/// <summary>Where something was found, for error messages.</summary>
/// <param name="Line">Text: line number. HTML: row number inside the table (or null for paragraphs).</param>
/// <param name="Text">The place in words (<see cref="Messages.Import"/>).</param>
internal sealed record SourceLocation(int? Line, LocalizedText Text)
{
    public string Zh => Text.Zh;

    public string En => Text.En;

    public static SourceLocation TextLine(int line) => new(line, M.TextLine(line));

    public static SourceLocation HtmlRow(int table, int row, int? sourceLine) =>
        new(row, sourceLine is int l ? M.TableRowAt(table, row, l) : M.TableRow(table, row));

    public static SourceLocation HtmlTable(int table, int? sourceLine) =>
        new(null, sourceLine is int l ? M.TableAt(table, l) : M.Table(table));

    public static SourceLocation HtmlText(int? sourceLine) =>
        new(sourceLine, sourceLine is int l ? M.SourceLine(l) : M.BodyText);

    public static SourceLocation DocxParagraph(int paragraph) => new(null, M.Paragraph(paragraph));

    public static SourceLocation WholeDocument { get; } = new(null, M.WholeDocument);
}

/// <summary>One physical cell of a row: its text as printed and how many grid columns it spans.</summary>
internal sealed record SourceCell(string Text, int ColSpan);

/// <summary>
/// One table row: its own cells, and the texts of cells from rows above that cover it through
/// rowspan (to the left of its first own cell), which give group labels such as (三)不予公开.
/// </summary>
internal sealed record SourceRow(IReadOnlyList<SourceCell> Cells, IReadOnlyList<string> InheritedLabels, SourceLocation Location);

internal abstract record SourceBlock(SourceLocation Location);

internal sealed record ParagraphBlock(string Text, SourceLocation Location) : SourceBlock(Location);

internal sealed record TableBlock(int Index, IReadOnlyList<SourceRow> Rows, SourceLocation Location) : SourceBlock(Location);

/// <summary>A document reduced to paragraphs and tables in reading order.</summary>
internal sealed record SourceDocument(IReadOnlyList<SourceBlock> Blocks, bool IsHtml);
