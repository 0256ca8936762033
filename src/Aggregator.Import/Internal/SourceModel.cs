namespace Aggregator.Import.Internal;

/// <summary>Where something was found, for error messages.</summary>
/// <param name="Line">Text: line number. HTML: row number inside the table (or null for paragraphs).</param>
internal sealed record SourceLocation(int? Line, string Zh, string En)
{
    public static SourceLocation TextLine(int line) => new(line, $"第{line}行", $"line {line}");

    public static SourceLocation HtmlRow(int table, int row, int? sourceLine) => new(
        row,
        sourceLine is int l ? $"第{table}个表格第{row}行(源码第{l}行)" : $"第{table}个表格第{row}行",
        sourceLine is int s ? $"table {table}, row {row} (source line {s})" : $"table {table}, row {row}");

    public static SourceLocation HtmlTable(int table, int? sourceLine) => new(
        null,
        sourceLine is int l ? $"第{table}个表格(源码第{l}行)" : $"第{table}个表格",
        sourceLine is int s ? $"table {table} (source line {s})" : $"table {table}");

    public static SourceLocation HtmlText(int? sourceLine) => new(
        sourceLine,
        sourceLine is int l ? $"源码第{l}行" : "正文",
        sourceLine is int s ? $"source line {s}" : "body text");
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
