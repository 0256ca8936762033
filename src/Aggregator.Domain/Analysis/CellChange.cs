using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Analysis;

/// <summary>One cell whose value differs between two versions of a report (null: not reported).</summary>
public readonly record struct CellChange(CellId Cell, decimal? Before, decimal? After);
