namespace Aggregator.Domain.Cells;

/// <summary>One numeric cell of the national format.</summary>
public sealed record CellDefinition(
    int Ordinal,
    string Path,
    Sections Section,
    CellKind Kind,
    FormatSet Formats,
    string RowLabelZh,
    string ColumnLabelZh,
    string RowLabelEn,
    string ColumnLabelEn)
{
    public CellId Id => new(Ordinal);

    public string LabelZh => ColumnLabelZh.Length == 0 ? RowLabelZh : $"{RowLabelZh}·{ColumnLabelZh}";

    public string LabelEn => ColumnLabelEn.Length == 0 ? RowLabelEn : $"{RowLabelEn} / {ColumnLabelEn}";

    public bool IsMoney => Kind is CellKind.MoneyWanYuan or CellKind.MoneyYuan;

    /// <summary>Maximum number of decimals a value of this cell may carry.</summary>
    public int MaxScale => Kind switch
    {
        CellKind.MoneyWanYuan => 6,
        CellKind.MoneyYuan => 2,
        _ => 0,
    };

    internal Func<Aggregator.Contracts.V1.Report, decimal?> Read { get; init; } = static _ => null;

    internal Func<Aggregator.Contracts.V1.Report, string?> ReadRaw { get; init; } = static _ => null;

    internal Action<Aggregator.Contracts.V1.Report, decimal?> Write { get; init; } = static (_, _) => { };
}
