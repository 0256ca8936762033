using Aggregator.Domain.Cells;

namespace Aggregator.Export.Internal;

/// <summary>What a grid cell holds; decides how each format writes it.</summary>
internal enum GridCellKind
{
    /// <summary>Nothing: a not-reported figure, or the covered part of a merged label.</summary>
    Empty,

    /// <summary>A column or group heading.</summary>
    Header,

    /// <summary>A printed row label of a table.</summary>
    Label,

    /// <summary>An exact number (<see cref="GridCell.Text"/> is its decimal string).</summary>
    Number,

    /// <summary>Free text (names, messages, ids).</summary>
    Text,
}

/// <summary>One cell of a <see cref="Grid"/>.</summary>
/// <remarks>
/// <see cref="Input"/> names what the cell holds when it is a figure or a narrative of the report:
/// the XLSX template makes such cells the unlocked, validated input cells (the other formats ignore it).
/// </remarks>
internal readonly record struct GridCell(GridCellKind Kind, string Text, decimal? Value = null)
{
    /// <summary>The report field this cell shows (a catalog cell or a narrative), or null for labels and headings.</summary>
    public TemplateField? Input { get; init; }

    public static GridCell Empty { get; } = new(GridCellKind.Empty, "");

    public static GridCell Header(string text) => new(GridCellKind.Header, text);

    public static GridCell Label(string text) => new(GridCellKind.Label, text);

    public static GridCell FreeText(string? text) => string.IsNullOrEmpty(text) ? Empty : new(GridCellKind.Text, text);

    public static GridCell Number(decimal? value) => value is { } v ? new(GridCellKind.Number, ExactDecimal.Format(v), v) : Empty;

    /// <summary>A figure of the report: its value (blank when not reported), marked as that catalog cell.</summary>
    public static GridCell Figure(Aggregator.Domain.AnnualReport report, CellId cell) =>
        Number(report.Figures[cell]) with { Input = TemplateField.Of(cell) };

    /// <summary>A narrative of the report (<see cref="Aggregator.Domain.Narratives.All"/> field id), blank when empty.</summary>
    public static GridCell Narrative(string field, string text) => FreeText(text) with { Input = TemplateField.Narrative(field) };

    /// <summary>An exact decimal string from the contract; kept as text when it does not parse.</summary>
    public static GridCell Decimal(Aggregator.Contracts.V1.Decimal? value) =>
        value is null || value.Value.Length == 0 ? Empty
        : ExactDecimal.TryParse(value.Value, out var v) ? Number(v)
        : FreeText(value.Value);
}

/// <summary>A rectangle of merged cells (zero-based, inclusive).</summary>
internal readonly record struct Merge(int Row, int Column, int LastRow, int LastColumn);

/// <summary>
/// A rectangular table as printed: every row has <see cref="Columns"/> cells; a merged label sits
/// in the top-left cell of its <see cref="Merge"/> and the rest of the rectangle is empty. CSV and
/// Markdown write the cells as they are; XLSX also merges.
/// </summary>
internal sealed class Grid(int columns)
{
    private readonly List<GridCell[]> _rows = [];
    private readonly List<Merge> _merges = [];

    public int Columns { get; } = columns;

    public IReadOnlyList<GridCell[]> Rows => _rows;

    public IReadOnlyList<Merge> Merges => _merges;

    /// <summary>Suggested column widths in characters for XLSX (null: default).</summary>
    public double[]? Widths { get; init; }

    /// <summary>Adds a row, padding it with empty cells; returns its index.</summary>
    public int Add(params GridCell[] cells)
    {
        if (cells.Length > Columns)
        {
            throw new ArgumentException($"A row of {cells.Length} cells does not fit {Columns} columns.", nameof(cells));
        }

        var row = new GridCell[Columns];
        Array.Fill(row, GridCell.Empty);
        cells.CopyTo(row, 0);
        _rows.Add(row);
        return _rows.Count - 1;
    }

    public void Set(int row, int column, GridCell cell) => _rows[row][column] = cell;

    public void MergeCells(int row, int column, int lastRow, int lastColumn)
    {
        if (lastRow > row || lastColumn > column)
        {
            _merges.Add(new Merge(row, column, lastRow, lastColumn));
        }
    }
}

/// <summary>One titled table of an export; sections with the same sheet name share an XLSX sheet.</summary>
internal sealed record ExportSection(string Title, string SheetName, Grid Grid);

/// <summary>Everything one export writes, independent of the file format.</summary>
internal sealed record ExportDocument(string Title, IReadOnlyList<ExportSection> Sections);
