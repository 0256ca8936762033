namespace Aggregator.Import.Internal;

/// <summary>
/// A table row split into label cells and figure cells: the figures are the physical cells after
/// the last label cell (one figure per cell, whatever its colspan); the labels are the cells
/// covering the row from above plus the row's own label cells.
/// </summary>
internal sealed record RowShape(IReadOnlyList<string> ContextLabels, string? LastLabel, IReadOnlyList<string> Figures, SourceLocation Location)
{
    public static RowShape Of(SourceRow row)
    {
        var last = -1;
        for (var i = row.Cells.Count - 1; i >= 0; i--)
        {
            if (CellParser.IsLabel(row.Cells[i].Text))
            {
                last = i;
                break;
            }
        }

        var context = row.InheritedLabels
            .Concat(row.Cells.Take(Math.Max(last, 0)).Select(c => c.Text).Where(t => t.Length > 0))
            .Select(TextNormalizer.Compact)
            .ToList();
        var lastLabel = last >= 0 ? TextNormalizer.Compact(row.Cells[last].Text) : null;
        var figures = row.Cells.Skip(last + 1).Select(c => c.Text).ToList();
        return new RowShape(context, lastLabel, figures, row.Location);
    }

    /// <summary>True when every figure cell is empty or a "not reported" marker.</summary>
    public bool HasNoValues => Figures.All(CellParser.IsNotReported);

    /// <summary>True when every figure cell is empty.</summary>
    public bool IsEmpty => Figures.All(f => f.Trim().Length == 0);

    /// <summary>
    /// The first <paramref name="count"/> figure cells when the row has exactly that many
    /// (trailing cells past them allowed only when empty or "not reported"); otherwise null.
    /// </summary>
    public IReadOnlyList<string>? Take(int count)
    {
        if (Figures.Count < count)
        {
            return null;
        }

        for (var i = count; i < Figures.Count; i++)
        {
            if (!CellParser.IsNotReported(Figures[i]))
            {
                return null;
            }
        }

        return Figures.Take(count).ToList();
    }
}
