using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage;
using Aggregator.Storage.Records;

namespace Aggregator.Queries;

/// <summary>One unit-year as the query layer sees it: the head and the current records, mapped to the domain on demand.</summary>
public sealed class UnitRecordView(UnitSnapshot snapshot)
{
    private AnnualReport? _submission;
    private AnnualReport? _published;

    public UnitId Unit => snapshot.Unit;

    public UnitHead Head => snapshot.Head;

    public StoredVersion? SubmissionRecord => snapshot.Submission;

    public StoredVersion? PublishedRecord => snapshot.Published;

    public AnnualReport? Submission => _submission ??= snapshot.Submission is { } r ? ReportMapper.ToDomain(r.Report).Report : null;

    public AnnualReport? Published => _published ??= snapshot.Published is { } r ? ReportMapper.ToDomain(r.Report).Report : null;
}

/// <summary>Reads a partition snapshot as views keyed by unit.</summary>
public static class PartitionViews
{
    public static async Task<(long Revision, Dictionary<UnitId, UnitRecordView> Units)> LoadAsync(IReportStore store, PartitionKey key, CancellationToken cancellationToken)
    {
        var snapshot = await store.GetPartitionAsync(key, cancellationToken).ConfigureAwait(false);
        return (snapshot.Revision, snapshot.Units.ToDictionary(u => u.Unit, u => new UnitRecordView(u)));
    }
}
