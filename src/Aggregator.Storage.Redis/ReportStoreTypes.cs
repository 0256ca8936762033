using System.Collections.Immutable;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using Aggregator.Domain.Text;
using Aggregator.Storage.Redis.Records;

namespace Aggregator.Storage.Redis;

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

/// <summary>A review decision on a unit-year's latest submission.</summary>
/// <param name="Actor">Who and from where, for the audit entry (null: the subject <paramref name="ReviewedBy"/> only).</param>
public sealed record ReviewCommand(UnitId Unit, ReportYear Year, ReviewDecision Decision, string Reason, long Version, string ReviewedBy, AuditActor? Actor = null)
{
    /// <summary>The language a refusal's message is written in (the caller's; English by default).</summary>
    public Language Language { get; init; } = Language.En;
}

/// <summary>A published record to store (backfill): every finding is stored, errors included.</summary>
/// <param name="Actor">Who and from where, for the audit entry (null: the subject <paramref name="StoredBy"/> only).</param>
public sealed record BackfillCommand(AnnualReport Report, ImmutableArray<Aggregator.Domain.Rules.Finding> Findings, ImmutableArray<Aggregator.Domain.Rules.Finding> NotAssessable, PublishedSource Source, string StoredBy, AuditActor? Actor = null);

/// <summary>One stored version with the unit-year's head.</summary>
public sealed record StoredRecord(UnitHead Head, StoredVersion Version);

/// <summary>The history of a unit-year, oldest first.</summary>
public sealed record UnitHistory(UnitHead Head, ImmutableArray<VersionInfo> Versions, ImmutableArray<ReviewEvent> Reviews);

/// <summary>
/// One unit of a partition: its head and the current blobs. <see cref="Submission"/> is the latest
/// submission (review state and draft/complete in <see cref="Head"/>); <see cref="Published"/>
/// the latest published record (backfill).
/// </summary>
public sealed record UnitSnapshot(UnitId Unit, UnitHead Head, StoredVersion? Submission, StoredVersion? Published);

/// <summary>One stored version of a unit-year: which record (submission or published) and its number.</summary>
public readonly record struct VersionRef(UnitId Unit, RecordSource Source, long Version);

/// <summary>A whole partition read in one round trip.</summary>
public sealed record PartitionSnapshot(PartitionKey Partition, long Revision, ImmutableArray<UnitSnapshot> Units);

/// <summary>Every unit head of a partition with its revision (no report blobs): what status needs.</summary>
public sealed record PartitionHeads(PartitionKey Partition, long Revision, IReadOnlyDictionary<UnitId, UnitHead> Heads);

/// <summary>The partition's current revision and a reader's cached bytes with the revision they were computed at.</summary>
public readonly record struct RevisionAndCache(long Revision, byte[]? Cached, long CachedRevision)
{
    /// <summary>True when the cache exists and is current.</summary>
    public bool IsCurrent => Cached is not null && CachedRevision == Revision;
}

/// <summary>
/// The report store. Submissions go through a group-commit writer: one script call per partition
/// per batch, made durable once, then acknowledged.
/// </summary>
public interface IReportStore
{
    /// <summary>The store kind (external Redis or embedded Garnet).</summary>
    StoreKind Kind { get; }

    /// <summary>
    /// Validates (merged with the stored report, previous year for Y-rules) and stores a submission.
    /// The acknowledgement is ACCEPTED with the version, or REJECTED with <c>status_code</c>
    /// (3 rule errors, 9 locked or the unit-year holding <see cref="SubmissionCommand.MaxVersions"/> versions, 10 stale expected_version).
    /// </summary>
    /// <exception cref="StoreUnavailableException">The store is unreachable; nothing was acknowledged.</exception>
    Task<Acknowledgement> SubmitAsync(SubmissionCommand command, CancellationToken cancellationToken = default);

    /// <summary>A stored version: the effective one (submission before published) when <paramref name="version"/> is null.</summary>
    Task<StoredRecord?> GetAsync(UnitId unit, ReportYear year, long? version = null, RecordSource source = RecordSource.Unspecified, CancellationToken cancellationToken = default);

    /// <summary>The head of a unit-year (empty when nothing is stored).</summary>
    Task<UnitHead> GetHeadAsync(UnitId unit, ReportYear year, CancellationToken cancellationToken = default);

    /// <summary>Every version and review of a unit-year.</summary>
    Task<UnitHistory> ListVersionsAsync(UnitId unit, ReportYear year, CancellationToken cancellationToken = default);

    /// <summary>Accepts or returns the latest submission.</summary>
    /// <exception cref="StoreException">FAILED_PRECONDITION (nothing submitted, already accepted) or ABORTED (not the latest version).</exception>
    Task<ReviewState> ReviewAsync(ReviewCommand command, CancellationToken cancellationToken = default);

    /// <summary>Stores a published record; idempotent on the content hash.</summary>
    Task<BackfillResponse> BackfillAsync(BackfillCommand command, CancellationToken cancellationToken = default);

    /// <summary>The revision and every unit's head and current blobs, in one round trip.</summary>
    Task<PartitionSnapshot> GetPartitionAsync(PartitionKey partition, CancellationToken cancellationToken = default);

    /// <summary>The revision and every unit's head (no blobs), in one round trip.</summary>
    Task<PartitionHeads> GetHeadsAsync(PartitionKey partition, CancellationToken cancellationToken = default);

    /// <summary>
    /// Given stored versions of units of one partition, in one round trip; null where a version is
    /// not stored. Versions never change once written, so these may be read after the heads that name them.
    /// </summary>
    Task<IReadOnlyList<StoredVersion?>> GetVersionsAsync(PartitionKey partition, IReadOnlyList<VersionRef> versions, CancellationToken cancellationToken = default);

    /// <summary>The current revision and a cache entry, in one round trip.</summary>
    Task<RevisionAndCache> GetRevisionAndCacheAsync(PartitionKey partition, string cacheName, CancellationToken cancellationToken = default);

    /// <summary>Stores a cache entry only if <paramref name="revision"/> is still the partition's revision.</summary>
    Task<bool> SetCacheIfCurrentAsync(PartitionKey partition, string cacheName, long revision, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="handler"/> with the partition and new revision of every write (pattern subscription; one event per write script, however many units it wrote).</summary>
    Task<IAsyncDisposable> SubscribeAsync(Action<PartitionKey, long> handler, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the reminder of <paramref name="unit"/> for <paramref name="day"/> (Asia/Shanghai): true for
    /// the one caller, across replicas, that may send it; false when it was claimed already (HSETNX on
    /// the partition's reminders hash, one atomic command).
    /// </summary>
    Task<bool> TryClaimReminderAsync(PartitionKey partition, UnitId unit, DateOnly day, string claimedAt, CancellationToken cancellationToken = default);

    /// <summary>Gives a claimed reminder back (its sending failed), so a later pass of the same day sends it.</summary>
    Task ReleaseReminderAsync(PartitionKey partition, UnitId unit, DateOnly day, CancellationToken cancellationToken = default);

    /// <summary>True when the store answers PING.</summary>
    Task<bool> PingAsync(CancellationToken cancellationToken = default);

    /// <summary>The partition of a unit-year (the unit's city).</summary>
    PartitionKey PartitionOf(UnitId unit, ReportYear year);
}

/// <summary>A page of an audit trail, newest first.</summary>
/// <param name="Head">The trail's head when read.</param>
/// <param name="Entries">The entries read (newest first), with their sequence numbers; null text where none is stored.</param>
/// <param name="Next">The sequence number to continue from (0 when the first retained entry was read).</param>
public sealed record AuditPage(AuditHead Head, IReadOnlyList<(long Seq, AuditLink? Link)> Entries, long Next);

/// <summary>The audit trails of the store (see <see cref="RedisKeys.Audit"/>).</summary>
public interface IAuditStore
{
    /// <summary>Whether entries are written (<see cref="AuditOptions.Enabled"/>).</summary>
    bool AuditEnabled { get; }

    /// <summary>The trail of a unit-year (its partition's), or the deployment trail when the unit is not in the registry or the year is not valid.</summary>
    AuditTrail AuditTrailOf(string unitId, int year);

    /// <summary>Appends entries with no store write of their own (exports, denials), in one script call.</summary>
    /// <exception cref="StoreUnavailableException">The store is unreachable.</exception>
    Task AppendAuditAsync(AuditTrail trail, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> entries from sequence number <paramref name="from"/> down (0 = from the newest), in one round trip.</summary>
    Task<AuditPage> ReadAuditAsync(AuditTrail trail, long from, int count, CancellationToken cancellationToken = default);

    /// <summary>Reads the whole retained trail (in chunks) and verifies its hash chain (<see cref="AuditChain.Verify"/>).</summary>
    Task<AuditVerification> VerifyAuditAsync(AuditTrail trail, CancellationToken cancellationToken = default);
}
