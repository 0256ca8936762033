using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;

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

/// <summary>A single cell.</summary>
public sealed record CellOperand(CellId Cell, YearRef Year = YearRef.Current) : Operand(Year)
{
    public override IEnumerable<CellId> CellsFor(AnnualReport current, AnnualReport? previous) => [Cell];

    public override decimal? Evaluate(AnnualReport current, AnnualReport? previous) => Source(current, previous)?.Figures[Cell];
}

/// <summary>
/// A group given by its parts, or by its printed whole when a part is not reported (三(六) 其他处理
/// printed as one row, or with an item left out): the whole still checks the enclosing identity.
/// </summary>
public sealed record PartsOrWholeOperand(ImmutableArray<CellId> Parts, CellId Whole, YearRef Year = YearRef.Current) : Operand(Year)
{
    private bool UsesWhole(AnnualReport? report) =>
        report is not null && Parts.Any(p => !report.Figures.IsReported(p)) && report.Figures.IsReported(Whole);

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
    LocalizedText Message)
{
    /// <summary>What the rule requires, in Chinese.</summary>
    public string MessageZh => Message.Zh;

    /// <summary>What the rule requires, in English.</summary>
    public string MessageEn => Message.En;

    public Finding? Evaluate(AnnualReport current, AnnualReport? previous)
    {
        if (Scope == RuleScope.NeedsPreviousYear && (previous is null || !ComparableAcrossYears(previous)))
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
            .SelectMany(t => t.Operand.CellsFor(current, previous).Select(c => Name(t.Operand.Year, c, previous)))
            .Distinct()
            .ToImmutableArray();
        if (left is not null && right is not null)
        {
            var violated = Messages.Rules.Violated(Message, Finding.Show(left), Finding.Show(right));
            return new Finding(Id, Severity, FindingKind.Violated, cells, Finding.Show(left), Finding.Show(right), violated.Zh, violated.En);
        }

        var missing = Left.Concat(Right)
            .SelectMany(t => t.Operand.MissingFor(current, previous).Select(c => Name(t.Operand.Year, c, previous)))
            .Distinct()
            .ToImmutableArray();
        var missingText = string.Join("、", missing);

        // Partial check: one side is known, the other has a part missing. When every term of the
        // incomplete side is a non-negative sum, the parts that are present cannot exceed the known side.
        var (known, partialSide) = left is { } l ? (l, Right) : right is { } r ? (r, Left) : (0m, default(ImmutableArray<Term>));
        var partial = !partialSide.IsDefault && partialSide.All(t => t.Sign > 0 && t.Operand.IsNonNegative(current, previous));
        if (partial)
        {
            var present = partialSide.Sum(t => t.Operand.PresentSum(current, previous));
            if (present > known)
            {
                var (reported, computed) = left is not null ? (known, present) : (present, known);
                var exceed = Messages.Rules.PartsExceed(Message, Finding.Show(present), Finding.Show(known), missingText);
                return new Finding(Id, Severity, FindingKind.Violated, cells, Finding.Show(reported), Finding.Show(computed), exceed.Zh, exceed.En)
                {
                    Missing = missing,
                    PartiallyChecked = true,
                };
            }
        }

        var skipped = partial ? Messages.Rules.CheckedPartly(Message, missingText) : Messages.Rules.NotAssessable(Message, missingText);
        return new Finding(Id, Severity, FindingKind.NotAssessable, cells, Finding.Show(left), Finding.Show(right), skipped.Zh, skipped.En)
        {
            Missing = missing,
            PartiallyChecked = partial,
        };
    }

    /// <summary>
    /// A cross-year rule compares two reports of different formats when every previous-year cell it reads
    /// exists in the previous year's format (table 三 is the same in both formats; table 二 is not).
    /// </summary>
    private bool ComparableAcrossYears(AnnualReport previous) =>
        Left.Concat(Right)
            .Where(t => t.Operand.Year == YearRef.Previous)
            .All(t => t.Operand.CellsFor(previous, previous).All(c => c.Definition.Formats.Contains(previous.Format)));

    private static string Name(YearRef year, CellId cell, AnnualReport? previous) =>
        year == YearRef.Previous ? $"{cell.Path}@{previous!.Year}" : cell.Path;

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
