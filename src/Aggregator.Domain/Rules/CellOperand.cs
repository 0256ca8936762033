using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Rules;

/// <summary>A single cell.</summary>
public sealed record CellOperand(CellId Cell, YearRef Year = YearRef.Current) : Operand(Year)
{
    public override IEnumerable<CellId> CellsFor(AnnualReport current, AnnualReport? previous) => [Cell];

    public override bool AnyReported(AnnualReport current, AnnualReport? previous) => current.Figures.IsReported(Cell);

    public override decimal? Evaluate(AnnualReport current, AnnualReport? previous) => Source(current, previous)?.Figures[Cell];
}
