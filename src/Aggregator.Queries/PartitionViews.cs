using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage;
using Aggregator.Storage.Records;

namespace Aggregator.Queries;

/// <summary>Reads a partition snapshot as views keyed by unit.</summary>
public static class PartitionViews
{
    public static async Task<(long Revision, Dictionary<UnitId, UnitRecordView> Units)> LoadAsync(IReportStore store, PartitionKey key, CancellationToken cancellationToken)
    {
        var snapshot = await store.GetPartitionAsync(key, cancellationToken).ConfigureAwait(false);
        return (snapshot.Revision, snapshot.Units.ToDictionary(u => u.Unit, u => new UnitRecordView(u)));
    }
}
