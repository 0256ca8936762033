using Aggregator.Domain;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage.Records;

namespace Aggregator.Storage;

/// <summary>
/// One unit of a partition: its head and the current blobs. <see cref="Submission"/> is the latest
/// submission (review state and draft/complete in <see cref="Head"/>); <see cref="Published"/>
/// the latest published record (backfill).
/// </summary>
public sealed record UnitSnapshot(UnitId Unit, UnitHead Head, StoredVersion? Submission, StoredVersion? Published);
