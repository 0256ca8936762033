using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Rules;

/// <summary>Outcome of one check.</summary>
public enum FindingKind
{
    /// <summary>The rule was assessed and does not hold.</summary>
    Violated,

    /// <summary>An operand was not reported, so the rule could not be assessed.</summary>
    NotAssessable,
}
