namespace Aggregator.Domain.Analysis;

/// <summary>A unit-year's status and lateness.</summary>
public sealed record StatusAssessment(ReportingStatus Status, bool Late, bool OnTime, DateTimeOffset Deadline)
{
    /// <summary>Counts as reported for the reporting rate.</summary>
    public bool Reported => Status is ReportingStatus.Submitted or ReportingStatus.Accepted or ReportingStatus.Published;
}
