namespace Aggregator.Domain.Cells;

/// <summary>
/// The header of a row of table 三 as the national template prints it: the level-1 label
/// (e.g. 三、本年度办理结果), the level-2 label (e.g. (三)不予公开) and the row's own leaf label
/// (e.g. 1.属于国家秘密). Level 1 and 2 are merged over consecutive rows that share them; a row
/// whose deeper levels are empty spans them.
/// </summary>
public sealed record PrintedRowHeader(string Top, string Group, string Leaf)
{
    /// <summary>The row's own label cell: the deepest non-empty level.</summary>
    public string Own => Leaf.Length > 0 ? Leaf : Group.Length > 0 ? Group : Top;
}
