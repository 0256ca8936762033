using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Analysis;

/// <summary>
/// What changed between two versions of a unit-year's report: the cells whose values differ, in
/// catalog order (tables 二, 三, 四, then the figures of 一 and 六). The one definition of a
/// version's changes for the CLI (<c>aggregator versions</c>) and the exports.
/// </summary>
public static class VersionChanges
{
    /// <summary>
    /// The cells of <paramref name="after"/>'s format whose value differs from <paramref name="before"/>'s;
    /// a cell reported in one and not in the other is a change (not reported is not 0).
    /// </summary>
    public static IReadOnlyList<CellChange> Between(AnnualReport before, AnnualReport after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<CellChange>();
        foreach (var cell in CellCatalog.ForFormat(after.Format))
        {
            var a = before.Figures[cell.Id];
            var b = after.Figures[cell.Id];
            if (a != b)
            {
                changes.Add(new CellChange(cell.Id, a, b));
            }
        }

        return changes;
    }
}
