using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Analysis;

/// <summary>
/// Exact sums of reports, cell by cell, with per cell the number of units that reported it.
/// A cell nobody reported stays "not reported" (never 0). Combinable: the sum of two partial sums
/// equals the sum of all their reports, so rollups can be maintained per city and combined upward.
/// </summary>
public sealed class RollupAccumulator
{
    private readonly decimal[] _sums = new decimal[CellCatalog.Count];
    private readonly int[] _counts = new int[CellCatalog.Count];

    /// <summary>Number of reports added.</summary>
    public int Units { get; private set; }

    /// <summary>Reports added per format.</summary>
    public int Units2019 { get; private set; }

    public void Add(AnnualReport report)
    {
        Add(report.Figures, report.Present);
        if (report.Format == ReportFormat.V2019)
        {
            Units2019++;
        }
    }

    /// <summary>Adds the cells of the given sections.</summary>
    public void Add(Figures figures, Sections present = Sections.All)
    {
        foreach (var (cell, value) in figures)
        {
            if ((cell.Definition.Section & present) == 0)
            {
                continue;
            }

            _sums[cell.Ordinal] = checked(_sums[cell.Ordinal] + value);
            _counts[cell.Ordinal]++;
        }

        Units++;
    }

    /// <summary>
    /// Takes back a report added before (a unit whose counted version changed): exactly undoes
    /// <see cref="Add(AnnualReport)"/> for that report, so a sum can be kept up to date by difference.
    /// </summary>
    public void Subtract(AnnualReport report)
    {
        foreach (var (cell, value) in report.Figures)
        {
            if ((cell.Definition.Section & report.Present) == 0)
            {
                continue;
            }

            if (_counts[cell.Ordinal] == 0)
            {
                throw new InvalidOperationException($"Cell {cell.Definition.Path} was not added, so it cannot be subtracted.");
            }

            _sums[cell.Ordinal] = checked(_sums[cell.Ordinal] - value);
            if (--_counts[cell.Ordinal] == 0)
            {
                _sums[cell.Ordinal] = 0m;
            }
        }

        if (Units == 0)
        {
            throw new InvalidOperationException("No report was added, so none can be subtracted.");
        }

        Units--;
        if (report.Format == ReportFormat.V2019)
        {
            Units2019--;
        }
    }

    /// <summary>Adds another accumulator (e.g. a city's) into this one.</summary>
    public void Add(RollupAccumulator other)
    {
        for (var i = 0; i < _sums.Length; i++)
        {
            _sums[i] = checked(_sums[i] + other._sums[i]);
            _counts[i] += other._counts[i];
        }

        Units += other.Units;
        Units2019 += other.Units2019;
    }

    /// <summary>Every cell some unit reported: its exact sum and how many units reported it.</summary>
    public IEnumerable<(CellId Cell, decimal Sum, int Count)> Entries()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                yield return (new CellId(i), _sums[i], _counts[i]);
            }
        }
    }

    /// <summary>Rebuilds an accumulator from its <see cref="Entries"/> (e.g. from a cache).</summary>
    public static RollupAccumulator Restore(IEnumerable<(CellId Cell, decimal Sum, int Count)> entries, int units, int units2019)
    {
        var acc = new RollupAccumulator { Units = units, Units2019 = units2019 };
        foreach (var (cell, sum, count) in entries)
        {
            acc._sums[cell.Ordinal] = sum;
            acc._counts[cell.Ordinal] = count;
        }

        return acc;
    }

    /// <summary>How many units reported a cell.</summary>
    public int ReportingUnits(CellId cell) => _counts[cell.Ordinal];

    /// <summary>The sums: a cell is "not reported" when no unit reported it.</summary>
    public Figures ToFigures()
    {
        var figures = new Figures.Builder();
        for (var i = 0; i < _sums.Length; i++)
        {
            if (_counts[i] > 0)
            {
                figures.Set(new CellId(i), _sums[i]);
            }
        }

        return figures.Build();
    }

    /// <summary>Per reported cell, how many units reported it.</summary>
    public IEnumerable<(CellId Cell, int Units)> Coverage()
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                yield return (new CellId(i), _counts[i]);
            }
        }
    }

    /// <summary>
    /// The rollup as a report of <paramref name="unit"/> for <paramref name="year"/>, with the sections
    /// any contributor reported, so the rule engine can run on it.
    /// </summary>
    public AnnualReport ToReport(UnitId unit, ReportYear year)
    {
        var figures = ToFigures();
        var present = Sections.None;
        foreach (var (cell, _) in figures)
        {
            present |= cell.Definition.Section;
        }

        var format = Units2019 * 2 > Units ? ReportFormat.V2019 : year.DefaultFormat;
        return new AnnualReport(unit, year, format, present, figures, Narratives.Empty, []);
    }
}
