using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Rules;

/// <summary>
/// A group given by its parts, or by its printed whole when a part is not reported (三(六) 其他处理
/// printed as one row, or with an item left out): the whole still checks the enclosing identity.
/// </summary>
public sealed record PartsOrWholeOperand(ImmutableArray<CellId> Parts, CellId Whole, YearRef Year = YearRef.Current) : Operand(Year)
{
    private bool UsesWhole(AnnualReport? report) =>
        report is not null && !AllReported(report) && report.Figures.IsReported(Whole);

    private bool AllReported(AnnualReport report)
    {
        foreach (var part in Parts)
        {
            if (!report.Figures.IsReported(part))
            {
                return false;
            }
        }

        return true;
    }

    public override IEnumerable<CellId> CellsFor(AnnualReport current, AnnualReport? previous) =>
        UsesWhole(Source(current, previous)) ? [Whole] : Parts;

    public override bool AnyReported(AnnualReport current, AnnualReport? previous)
    {
        if (UsesWhole(Source(current, previous)))
        {
            return current.Figures.IsReported(Whole);
        }

        foreach (var part in Parts)
        {
            if (current.Figures.IsReported(part))
            {
                return true;
            }
        }

        return false;
    }

    public override decimal? Evaluate(AnnualReport current, AnnualReport? previous)
    {
        var report = Source(current, previous);
        if (report is null)
        {
            return null;
        }

        if (UsesWhole(report))
        {
            return report.Figures[Whole];
        }

        decimal sum = 0;
        foreach (var part in Parts)
        {
            if (report.Figures[part] is not { } v)
            {
                return null;
            }

            sum += v;
        }

        return sum;
    }
}
