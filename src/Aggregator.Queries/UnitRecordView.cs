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
