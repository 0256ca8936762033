namespace Aggregator.Domain.Cells;

/// <summary>
/// A stable, typed identifier of one numeric cell of the report, e.g. <c>s3.new_requests.total</c>.
/// </summary>
/// <remarks>
/// The path is the stable name used in errors, metrics, comparisons and exports; the ordinal is the
/// cell's position in <see cref="CellCatalog.All"/> and is only meaningful within one process.
/// Two ids are equal when they denote the same catalog entry.
/// </remarks>
public readonly record struct CellId(int Ordinal)
{
    public CellDefinition Definition => CellCatalog.All[Ordinal];

    public string Path => Definition.Path;

    public override string ToString() => Path;
}
