using Aggregator.Domain;

namespace Aggregator.Storage;

/// <summary>A store partition: one city (or a unit above city level) and one year.</summary>
/// <remarks>Equality is by unit id and year.</remarks>
public readonly record struct PartitionKey(UnitId Partition, ReportYear Year)
{
    /// <summary>The Redis Cluster hash tag shared by every key of the partition, e.g. <c>{4208:2021}</c>.</summary>
    public string HashTag => "{" + Partition.Value + ":" + Year.ToString() + "}";

    public override string ToString() => Partition.Value + ":" + Year.ToString();
}
