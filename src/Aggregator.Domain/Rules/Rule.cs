using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Rules;

/// <summary>Which report an operand reads: this year's or the previous year's.</summary>
public enum YearRef
{
    Current,
    Previous,
}

/// <summary>
/// One operand of a linear rule: a cell, or a group that is either given by its parts or, when none
/// of the parts is reported, by its whole (三(六) 其他处理 printed as one row).
/// </summary>
public abstract record Operand(YearRef Year)
{
    public abstract IEnumerable<CellId> CellsFor(AnnualReport current, AnnualReport? previous);

    /// <summary>The value, or null when something needed is not reported.</summary>
    public abstract decimal? Evaluate(AnnualReport current, AnnualReport? previous);

    protected AnnualReport? Source(AnnualReport current, AnnualReport? previous) => Year == YearRef.Current ? current : previous;
}

/// <summary>A single cell.</summary>
public sealed record CellOperand(CellId Cell, YearRef Year = YearRef.Current) : Operand(Year)
{
    public override IEnumerable<CellId> CellsFor(AnnualReport current, AnnualReport? previous) => [Cell];

    public override decimal? Evaluate(AnnualReport current, AnnualReport? previous) => Source(current, previous)?.Figures[Cell];
}

/// <summary>A group given by its parts, or by its whole when no part is reported.</summary>
public sealed record PartsOrWholeOperand(ImmutableArray<CellId> Parts, CellId Whole, YearRef Year = YearRef.Current) : Operand(Year)
{
    private bool UsesWhole(AnnualReport? report) =>
        report is not null && Parts.All(p => !report.Figures.IsReported(p)) && report.Figures.IsReported(Whole);

    public override IEnumerable<CellId> CellsFor(AnnualReport current, AnnualReport? previous) =>
        UsesWhole(Source(current, previous)) ? [Whole] : Parts;

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

/// <summary>A signed operand of a linear rule.</summary>
public sealed record Term(Operand Operand, int Sign = 1);

/// <summary>Applicability of a rule beyond its section being present.</summary>
public enum RuleScope
{
    /// <summary>Checked whenever its section is present.</summary>
    Always,

    /// <summary>Checked only when the previous year's report is given.</summary>
    NeedsPreviousYear,

    /// <summary>Checked only when the anchor cell is reported (optional totals).</summary>
    WhenAnchorReported,

    /// <summary>Checked only when the anchor and at least one of its parts are reported (a group printed with its parts).</summary>
    WhenAnchorAndAnyPartReported,

    /// <summary>Checked only when any of its cells is reported (rows a format variant may leave out entirely).</summary>
    WhenAnyReported,
}

/// <summary>
/// A consistency rule (勾稽关系) of the form Σ left = Σ right, defined once and used by validation,
/// import, rollups and messages. "Reported" is the left side, "computed" the right side.
/// </summary>
public sealed record LinearRule(
    string Id,
    Severity Severity,
    Sections Section,
    FormatSet Formats,
    RuleScope Scope,
    CellId Anchor,
    ImmutableArray<Term> Left,
    ImmutableArray<Term> Right,
    string MessageZh,
    string MessageEn)
{
    public Finding? Evaluate(AnnualReport current, AnnualReport? previous)
    {
        if (Scope == RuleScope.NeedsPreviousYear && (previous is null || previous.Format != current.Format))
        {
            return null;
        }

        if (Scope is RuleScope.WhenAnchorReported or RuleScope.WhenAnchorAndAnyPartReported && !current.Figures.IsReported(Anchor))
        {
            return null;
        }

        if (Scope == RuleScope.WhenAnyReported &&
            !Left.Concat(Right).Any(t => t.Operand.CellsFor(current, previous).Any(c => current.Figures.IsReported(c))))
        {
            return null;
        }

        if (Scope == RuleScope.WhenAnchorAndAnyPartReported &&
            !Right.Any(t => t.Operand.CellsFor(current, previous).Any(c => current.Figures.IsReported(c))))
        {
            return null;
        }

        var left = Sum(Left, current, previous);
        var right = Sum(Right, current, previous);
        if (left == right && left is not null)
        {
            // The common case: the rule holds. Nothing is allocated.
            return null;
        }

        var cells = Left.Concat(Right)
            .SelectMany(t => t.Operand.CellsFor(current, previous).Select(c => (t.Operand.Year, c)))
            .Select(x => x.Year == YearRef.Previous ? $"{x.c.Path}@{previous!.Year}" : x.c.Path)
            .Distinct()
            .ToImmutableArray();
        if (left is null || right is null)
        {
            return new Finding(Id, Severity, FindingKind.NotAssessable, cells, Finding.Show(left), Finding.Show(right),
                $"无法核验:{MessageZh}(有未填报的单元格)", $"Not assessable: {MessageEn} (a cell is not reported)");
        }

        return new Finding(Id, Severity, FindingKind.Violated, cells, Finding.Show(left), Finding.Show(right),
            $"{MessageZh}:填报 {Finding.Show(left)},计算 {Finding.Show(right)}",
            $"{MessageEn}: reported {Finding.Show(left)}, computed {Finding.Show(right)}");
    }

    private static decimal? Sum(ImmutableArray<Term> terms, AnnualReport current, AnnualReport? previous)
    {
        decimal sum = 0;
        foreach (var term in terms)
        {
            if (term.Operand.Evaluate(current, previous) is not { } v)
            {
                return null;
            }

            sum += term.Sign * v;
        }

        return sum;
    }
}
