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

/// <summary>What kind of number a cell holds; decides the value rules.</summary>
public enum CellKind
{
    /// <summary>A non-negative integer count.</summary>
    Count,

    /// <summary>A signed integer (2019 format 本年增/减).</summary>
    SignedCount,

    /// <summary>Money in 万元, at most 6 decimals (to the fen).</summary>
    MoneyWanYuan,

    /// <summary>Money in 元, at most 2 decimals.</summary>
    MoneyYuan,
}

/// <summary>Which formats a cell belongs to.</summary>
[Flags]
public enum FormatSet
{
    V2019 = 1,
    V2021 = 2,
    Both = V2019 | V2021,
}

public static class FormatSetExtensions
{
    public static bool Contains(this FormatSet set, ReportFormat format) =>
        (set & (format == ReportFormat.V2019 ? FormatSet.V2019 : FormatSet.V2021)) != 0;
}

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
