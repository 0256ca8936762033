using Aggregator.Contracts.V1;
using Aggregator.Domain;

namespace Aggregator.Queries;

/// <summary>The figures of a unit-year that count under a version policy.</summary>
public sealed record EffectiveRecord(AnnualReport Report, RecordSource Source, long Version, ReviewState ReviewState, int WarningCount);

/// <summary>
/// Which stored version counts. LATEST_SUBMITTED (the default): the latest submission unless it was
/// returned; LATEST_ACCEPTED: only an accepted submission. In both, a published record (backfill)
/// counts when no submission does: a submission takes precedence over a published record.
/// </summary>
public static class EffectiveRecords
{
    public const string NoSubmission = "no_submission";
    public const string Returned = "returned";
    public const string NotAccepted = "not_accepted";

    public static VersionPolicy Normalize(VersionPolicy policy) =>
        policy == VersionPolicy.Unspecified ? VersionPolicy.LatestSubmitted : policy;

    public static EffectiveRecord? Select(UnitRecordView? view, VersionPolicy policy, out string missingReason)
    {
        missingReason = NoSubmission;
        if (view is null)
        {
            return null;
        }

        var head = view.Head;
        if (head.SubmissionVersion > 0 && view.Submission is { } submission)
        {
            var counts = Normalize(policy) switch
            {
                VersionPolicy.LatestAccepted => head.ReviewState == ReviewState.Accepted,
                _ => head.ReviewState != ReviewState.Returned,
            };
            if (counts)
            {
                return new EffectiveRecord(submission, RecordSource.Submission, head.SubmissionVersion, head.ReviewState, head.WarningCount);
            }

            missingReason = head.ReviewState == ReviewState.Returned ? Returned : NotAccepted;
        }

        if (head.PublishedVersion > 0 && view.Published is { } published)
        {
            return new EffectiveRecord(published, RecordSource.Published, head.PublishedVersion, ReviewState.Published,
                view.PublishedRecord?.Findings.Count ?? 0);
        }

        return null;
    }
}
