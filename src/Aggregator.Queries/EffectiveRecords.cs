using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage;

namespace Aggregator.Queries;

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

    /// <summary>The policy to apply: LATEST_SUBMITTED for UNSPECIFIED.</summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// A value the proto does not define. The server refuses such requests with INVALID_ARGUMENT before
    /// any handler runs; this guards the cache keys built from the policy against any other caller.
    /// </exception>
    public static VersionPolicy Normalize(VersionPolicy policy) => policy switch
    {
        VersionPolicy.Unspecified => VersionPolicy.LatestSubmitted,
        VersionPolicy.LatestSubmitted or VersionPolicy.LatestAccepted => policy,
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "Unknown version policy."),
    };

    /// <summary>The version that counts under <paramref name="policy"/>, or null with the reason the unit is missing.</summary>
    public static CountedVersion? Choose(UnitHead? head, VersionPolicy policy, out string missingReason)
    {
        missingReason = NoSubmission;
        if (head is null)
        {
            return null;
        }

        if (head.SubmissionVersion > 0)
        {
            var counts = Normalize(policy) switch
            {
                VersionPolicy.LatestAccepted => head.ReviewState == ReviewState.Accepted,
                _ => head.ReviewState != ReviewState.Returned,
            };
            if (counts)
            {
                return new CountedVersion(RecordSource.Submission, head.SubmissionVersion, head.ReviewState);
            }

            missingReason = head.ReviewState == ReviewState.Returned ? Returned : NotAccepted;
        }

        return head.PublishedVersion > 0 ? new CountedVersion(RecordSource.Published, head.PublishedVersion, ReviewState.Published) : null;
    }

    public static EffectiveRecord? Select(UnitRecordView? view, VersionPolicy policy, out string missingReason)
    {
        if (Choose(view?.Head, policy, out missingReason) is not { } counted)
        {
            return null;
        }

        // A head names only versions whose records were written before it (the store's write-ahead order).
        return counted.Source == RecordSource.Submission
            ? view!.Submission is { } submission
                ? new EffectiveRecord(submission, counted.Source, counted.Version, counted.ReviewState, view.Head.WarningCount)
                : null
            : view!.Published is { } published
                ? new EffectiveRecord(published, counted.Source, counted.Version, counted.ReviewState, view.PublishedRecord?.Findings.Count(f => f.Kind == FindingKind.Violated) ?? 0)
                : null;
    }
}
