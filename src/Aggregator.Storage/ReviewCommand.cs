using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using Aggregator.Domain.Text;

namespace Aggregator.Storage;

/// <summary>A review decision on a unit-year's latest submission.</summary>
/// <param name="Actor">Who and from where, for the audit entry (null: the subject <paramref name="ReviewedBy"/> only).</param>
public sealed record ReviewCommand(UnitId Unit, ReportYear Year, ReviewDecision Decision, string Reason, long Version, string ReviewedBy, AuditActor? Actor = null)
{
    /// <summary>The language a refusal's message is written in (the caller's; English by default).</summary>
    public Language Language { get; init; } = Language.En;
}
