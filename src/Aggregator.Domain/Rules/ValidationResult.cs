using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Rules;

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
