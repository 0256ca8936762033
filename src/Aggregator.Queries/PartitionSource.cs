using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Storage.Redis;
using Aggregator.Storage.Redis.Records;

namespace Aggregator.Queries;

/// <summary>One unit-year as the query layer sees it: the head and the current blobs, parsed on demand.</summary>
public sealed class UnitRecordView(UnitId unit, UnitHead head, byte[]? submissionBlob, byte[]? publishedBlob)
{
    private StoredVersion? _submission;
    private StoredVersion? _published;

    public UnitId Unit { get; } = unit;

    public UnitHead Head { get; } = head;

    public StoredVersion? SubmissionRecord => _submission ??= submissionBlob is null ? null : StoredVersion.Parser.ParseFrom(submissionBlob);

    public StoredVersion? PublishedRecord => _published ??= publishedBlob is null ? null : StoredVersion.Parser.ParseFrom(publishedBlob);

    public AnnualReport? Submission => SubmissionRecord is { } r ? ReportMapper.ToDomain(r.Report).Report : null;

    public AnnualReport? Published => PublishedRecord is { } r ? ReportMapper.ToDomain(r.Report).Report : null;
}

/// <summary>Every unit-year of a partition at one revision.</summary>
public sealed record PartitionSnapshot(long Revision, IReadOnlyDictionary<UnitId, UnitRecordView> Units)
{
    public UnitRecordView? Find(UnitId unit) => Units.GetValueOrDefault(unit);
}

/// <summary>A cache entry with the partition's current revision.</summary>
public readonly record struct CacheRead(long Revision, byte[]? Value, long ValueRevision)
{
    public bool IsCurrent => Value is not null && ValueRevision == Revision;
}

/// <summary>What the query layer reads from the store (one round trip per call).</summary>
public interface IPartitionSource
{
    Task<PartitionSnapshot> LoadAsync(PartitionKey partition, CancellationToken cancellationToken);

    Task<CacheRead> ReadCacheAsync(PartitionKey partition, string name, CancellationToken cancellationToken);

    Task WriteCacheAsync(PartitionKey partition, string name, long revision, byte[] value, CancellationToken cancellationToken);
}
