using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Rules;

/// <summary>
/// One operand of a linear rule: a cell, or a group that is either given by its parts or, when none
/// of the parts is reported, by its whole (三(六) 其他处理 printed as one row).
/// </summary>
public abstract record Operand(YearRef Year)
{
    public abstract IEnumerable<CellId> CellsFor(AnnualReport current, AnnualReport? previous);

    /// <summary>
    /// Whether any cell of <see cref="CellsFor"/> is reported in <paramref name="current"/> (what decides
    /// whether a rule scoped "when any reported" applies); allocates nothing.
    /// </summary>
    public abstract bool AnyReported(AnnualReport current, AnnualReport? previous);

    /// <summary>The value, or null when something needed is not reported.</summary>
    public abstract decimal? Evaluate(AnnualReport current, AnnualReport? previous);

    /// <summary>The sum of the reported values only (a lower bound of the value when every cell is non-negative).</summary>
    public decimal PresentSum(AnnualReport current, AnnualReport? previous)
    {
        var report = Source(current, previous);
        return report is null ? 0 : CellsFor(current, previous).Sum(c => report.Figures[c] ?? 0);
    }

    /// <summary>The cells needed but not reported.</summary>
    public IEnumerable<CellId> MissingFor(AnnualReport current, AnnualReport? previous)
    {
        var report = Source(current, previous);
        return CellsFor(current, previous).Where(c => report is null || !report.Figures.IsReported(c));
    }

    /// <summary>True when no cell of this operand can be negative.</summary>
    public bool IsNonNegative(AnnualReport current, AnnualReport? previous) =>
        CellsFor(current, previous).All(c => c.Definition.Kind != CellKind.SignedCount);

    protected AnnualReport? Source(AnnualReport current, AnnualReport? previous) => Year == YearRef.Current ? current : previous;
}
