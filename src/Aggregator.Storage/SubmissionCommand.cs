using Aggregator.Domain;
using Aggregator.Domain.Audit;
using Aggregator.Domain.Text;

namespace Aggregator.Storage;

/// <summary>One submission to store: the validated-structure update (sections present replace stored ones).</summary>
/// <param name="Update">The report as mapped from the request (<c>ReportMapper.ToDomain</c> succeeded).</param>
/// <param name="IdempotencyKey">The client's key; a retry with the same key replays the stored acknowledgement.</param>
/// <param name="ExpectedVersion">Optimistic concurrency: the latest version the client expects (0 = none yet).</param>
/// <param name="StoredBy">Who (token subject).</param>
/// <param name="MaxVersions">Most submitted versions the unit-year may hold; one more is refused with FAILED_PRECONDITION.</param>
/// <param name="Actor">Who and from where, for the audit entry written with the outcome (null: the subject <paramref name="StoredBy"/> only).</param>
public sealed record SubmissionCommand(AnnualReport Update, string IdempotencyKey, long? ExpectedVersion, string StoredBy, long MaxVersions = long.MaxValue, AuditActor? Actor = null)
{
    /// <summary>The language a rejection's status message is written in (the caller's; English by default).</summary>
    public Language Language { get; init; } = Language.En;
}
