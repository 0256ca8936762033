using System.Collections.Immutable;

namespace Aggregator.Storage;

/// <summary>A whole partition read in one round trip.</summary>
public sealed record PartitionSnapshot(PartitionKey Partition, long Revision, ImmutableArray<UnitSnapshot> Units);
