namespace Aggregator.Domain.UnitYears;

/// <summary>Why a unit-year refused a submission, a review or a backfill.</summary>
/// <remarks>
/// The wire status of each reason is set in one place, <see cref="Mapping.RejectionMapper"/>
/// (acknowledgements carry it in-band and are stored for replays).
/// </remarks>
public enum RejectionReason
{
    /// <summary>The merged report breaks a rule (errors listed).</summary>
    RulesViolated,

    /// <summary>A version was accepted: the unit-year takes no more submissions.</summary>
    Locked,

    /// <summary>The unit-year holds the most submitted versions allowed.</summary>
    TooManyVersions,

    /// <summary>The client's expected_version is not the latest stored version.</summary>
    StaleExpectedVersion,

    /// <summary>The unit-year kept changing concurrently; nothing was stored (retry).</summary>
    KeptChanging,

    /// <summary>A review of a unit-year with no submission.</summary>
    NothingToReview,

    /// <summary>A review of a unit-year whose submission was accepted already.</summary>
    AlreadyAccepted,

    /// <summary>A review of a version that is not the latest submitted one.</summary>
    NotLatestVersion,
}
