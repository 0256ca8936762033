using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Rules;

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

        // Every rule runs on every submission: the checks that decide whether it applies allocate nothing.
        if (Scope == RuleScope.WhenAnyReported && !AnyReported(Left, current, previous) && !AnyReported(Right, current, previous))
        {
            return null;
        }

        if (Scope == RuleScope.WhenAnchorAndAnyPartReported && !AnyReported(Right, current, previous))
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

        return Explain(left, right, current, previous);
    }

    /// <summary>
    /// The finding of a rule that does not hold or cannot be assessed. Kept apart from
    /// <see cref="Evaluate"/>: its lambdas capture the reports, and a closure is allocated on entry to
    /// the method that declares them, on every call, even when the rule holds.
    /// </summary>
    private Finding Explain(decimal? left, decimal? right, AnnualReport current, AnnualReport? previous)
    {
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

    private static bool AnyReported(ImmutableArray<Term> terms, AnnualReport current, AnnualReport? previous)
    {
        foreach (var term in terms)
        {
            if (term.Operand.AnyReported(current, previous))
            {
                return true;
            }
        }

        return false;
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
