using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Rules;

/// <summary>How serious a rule is.</summary>
public enum Severity
{
    /// <summary>Makes a submission invalid.</summary>
    Error,

    /// <summary>Stored with the report and shown.</summary>
    Warning,
}

/// <summary>Outcome of one check.</summary>
public enum FindingKind
{
    /// <summary>The rule was assessed and does not hold.</summary>
    Violated,

    /// <summary>An operand was not reported, so the rule could not be assessed.</summary>
    NotAssessable,
}

/// <summary>
/// One result of the rule engine: which rule, which cells, the values on both sides and a message
/// in Chinese and English. <see cref="Cells"/> are cell paths; the first is the anchor cell.
/// </summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    FindingKind Kind,
    ImmutableArray<string> Cells,
    string Reported,
    string Computed,
    string MessageZh,
    string MessageEn)
{
    /// <summary>For a check that could not be assessed: the cells that were needed but not reported.</summary>
    public ImmutableArray<string> Missing { get; init; } = [];

    /// <summary>
    /// True when a sum could not be checked exactly because a part is missing, but the parts reported
    /// were checked against the printed total (they cannot exceed it).
    /// </summary>
    public bool PartiallyChecked { get; init; }

    public bool IsError => Kind == FindingKind.Violated && Severity == Severity.Error;

    public bool IsWarning => Kind == FindingKind.Violated && Severity == Severity.Warning;

    public static string Show(decimal? value) => value is { } v ? ExactDecimal.Format(v) : "";
}

/// <summary>The findings of one evaluation, split by kind.</summary>
public sealed record ValidationResult(ImmutableArray<Finding> Findings)
{
    public static ValidationResult Empty { get; } = new(ImmutableArray<Finding>.Empty);

    public IEnumerable<Finding> Errors => Findings.Where(f => f.IsError);

    public IEnumerable<Finding> Warnings => Findings.Where(f => f.IsWarning);

    public IEnumerable<Finding> NotAssessable => Findings.Where(f => f.Kind == FindingKind.NotAssessable);

    public IEnumerable<Finding> Violations => Findings.Where(f => f.Kind == FindingKind.Violated);

    public bool IsValid => !Findings.Any(f => f.IsError);

    public ValidationResult Concat(ValidationResult other) => new(Findings.AddRange(other.Findings));
}
