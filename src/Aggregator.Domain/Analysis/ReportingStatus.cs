namespace Aggregator.Domain.Analysis;

/// <summary>A unit-year's reporting status.</summary>
public enum ReportingStatus
{
    NotStarted,
    Draft,
    Submitted,
    Accepted,
    Returned,
    Published,
}
