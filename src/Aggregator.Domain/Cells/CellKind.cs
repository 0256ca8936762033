namespace Aggregator.Domain.Cells;

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
