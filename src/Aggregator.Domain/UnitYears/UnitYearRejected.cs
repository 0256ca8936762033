using System.Collections.Immutable;
using Aggregator.Domain.Rules;

namespace Aggregator.Domain.UnitYears;

/// <summary>Rejected: nothing is stored.</summary>
/// <param name="Reason">Why (its wire status: <see cref="Mapping.RejectionMapper"/>).</param>
/// <param name="Message">What the caller reads, in its language.</param>
/// <param name="Errors">The rule errors (<see cref="RejectionReason.RulesViolated"/>; empty otherwise).</param>
/// <param name="Warnings">The rule warnings found with them.</param>
/// <param name="NotAssessable">Checks that could not run.</param>
public sealed record UnitYearRejected(RejectionReason Reason, string Message, ImmutableArray<Finding> Errors, ImmutableArray<Finding> Warnings, ImmutableArray<Finding> NotAssessable)
    : UnitYearOutcome
{
    /// <summary>A rejection with no findings.</summary>
    public UnitYearRejected(RejectionReason reason, string message)
        : this(reason, message, [], [], [])
    {
    }
}
