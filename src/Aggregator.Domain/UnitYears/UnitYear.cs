using System.Collections.Immutable;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Finding = Aggregator.Domain.Rules.Finding;

namespace Aggregator.Domain.UnitYears;

/// <summary>
/// One unit-year as stored — its head and its latest submitted report — and every decision on it:
/// the lock, the version cap, expected_version, the merge of sections, the rules, reviews and the
/// versioning of published records. Pure: no I/O, no clock (the time comes in); the store reads the
/// state, asks, and writes the outcome with a compare-and-set on the head it read.
/// </summary>
/// <param name="Unit">The unit.</param>
/// <param name="Year">The year.</param>
/// <param name="Head">The head as read (<see cref="UnitHead.Empty"/> when nothing is stored).</param>
/// <param name="Report">The latest submitted report (null when none).</param>
public sealed record UnitYear(UnitId Unit, ReportYear Year, UnitHead Head, AnnualReport? Report)
{
    /// <summary>
    /// A submission: refused when the unit-year is locked, holds <paramref name="maxVersions"/> versions
    /// or <paramref name="expectedVersion"/> is stale; otherwise the update is merged into the stored
    /// report (sections present replace stored ones) and checked (Y-rules against
    /// <paramref name="previousYear"/>): accepted as the next version unless a rule error is found.
    /// </summary>
    public UnitYearOutcome Submit(AnnualReport update, long? expectedVersion, long maxVersions, AnnualReport? previousYear, DateTimeOffset now, Language language)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (Head.IsLocked)
        {
            return new UnitYearRejected(RejectionReason.Locked, Messages.Server.Locked(Unit.Value, Year.Value, Head.ReviewedVersion).In(language));
        }

        if (Head.SubmissionVersion >= maxVersions)
        {
            return new UnitYearRejected(RejectionReason.TooManyVersions,
                Messages.Server.TooManyVersions(Unit.Value, Year.Value, Head.SubmissionVersion, maxVersions).In(language));
        }

        if (expectedVersion is { } expected && expected != Head.SubmissionVersion)
        {
            return new UnitYearRejected(RejectionReason.StaleExpectedVersion,
                $"expected_version {expected} is stale: the latest stored version of unit '{Unit}' for {Year} is {Head.SubmissionVersion}. Nothing was stored.");
        }

        var merged = Report is null ? update : Report.MergeSections(update);
        var result = RuleEngine.Evaluate(merged, previousYear);
        if (!result.IsValid)
        {
            return new UnitYearRejected(RejectionReason.RulesViolated,
                Messages.Server.RulesViolated(Unit.Value, Year.Value, result.Errors.Count()).In(language),
                [.. result.Errors], [.. result.Warnings], [.. result.NotAssessable]);
        }

        var warnings = result.Warnings.ToImmutableArray();
        var version = Head.SubmissionVersion + 1;
        var complete = merged.IsComplete;
        var newHead = Head with
        {
            SubmissionVersion = version,
            ReviewState = ReviewState.Submitted,
            Sections = merged.Present,
            Complete = complete,
            FirstCompleteAt = Head.FirstCompleteAt ?? (complete ? now : null),
            LastSubmittedAt = now,
            WarningCount = warnings.Length,
            ReviewReason = "",
            SubmissionCoreNotAssessed = UnitHead.CoreNotAssessed(result.NotAssessable),
        };
        return new UnitYearAccepted(version, newHead, merged, warnings, [.. result.NotAssessable]);
    }

    /// <summary>The state after accepting <see cref="UnitYearAccepted"/> of a submission: the next submission chains on it.</summary>
    public UnitYear After(UnitYearAccepted accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return this with { Head = accepted.NewHead, Report = accepted.Merged ?? Report };
    }

    /// <summary>
    /// A review of <paramref name="version"/>: refused when nothing was submitted, when a version was
    /// accepted already, or when <paramref name="version"/> is not the latest submission. Accepting
    /// locks the unit-year; returning keeps <paramref name="reason"/> in the head.
    /// </summary>
    public UnitYearOutcome Review(ReviewDecision decision, long version, string reason, Language language)
    {
        if (Head.SubmissionVersion == 0)
        {
            return new UnitYearRejected(RejectionReason.NothingToReview, Messages.Server.NothingToReview(Unit.Value, Year.Value).In(language));
        }

        if (Head.IsLocked)
        {
            return new UnitYearRejected(RejectionReason.AlreadyAccepted, Messages.Server.AlreadyAccepted(Unit.Value, Year.Value, Head.ReviewedVersion).In(language));
        }

        if (version != Head.SubmissionVersion)
        {
            return new UnitYearRejected(RejectionReason.NotLatestVersion,
                $"Version {version} is not the latest submitted version ({Head.SubmissionVersion}) of unit '{Unit}' for {Year}.");
        }

        var state = decision == ReviewDecision.Accept ? ReviewState.Accepted : ReviewState.Returned;
        var newHead = Head with
        {
            ReviewState = state,
            ReviewedVersion = version,
            ReviewReason = state == ReviewState.Returned ? reason : "",
        };
        return new UnitYearAccepted(version, newHead, null, [], []);
    }

    /// <summary>
    /// A published record (backfill): always stored, as the next published version, with every finding
    /// (errors included); the submission side of the head is untouched.
    /// </summary>
    public UnitYearAccepted Backfill(IReadOnlyCollection<Finding> findings, IReadOnlyCollection<Finding> notAssessable)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(notAssessable);
        var version = Head.PublishedVersion + 1;
        var newHead = Head with
        {
            PublishedVersion = version,
            PublishedFindingCount = findings.Count,
            PublishedCoreNotAssessed = UnitHead.CoreNotAssessed(notAssessable),
        };
        return new UnitYearAccepted(version, newHead, null, [], [.. notAssessable]);
    }
}
