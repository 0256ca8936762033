using Aggregator.Domain;
using Aggregator.Domain.UnitYears;

namespace Aggregator.Storage;

/// <summary>Every unit head of a partition with its revision (no report blobs): what status needs.</summary>
public sealed record PartitionHeads(PartitionKey Partition, long Revision, IReadOnlyDictionary<UnitId, UnitHead> Heads);
