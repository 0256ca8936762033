using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage.Records;

namespace Aggregator.Storage;

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
    /// <exception cref="StoreException"><see cref="StoreErrorKind.Precondition"/> (nothing submitted, already accepted) or <see cref="StoreErrorKind.Conflict"/> (not the latest version).</exception>
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
