namespace Aggregator.Domain.Analysis;

/// <summary>What the store knows about a unit-year, as far as status is concerned.</summary>
public sealed record StatusFacts(
    bool HasSubmission,
    bool Complete,
    bool Accepted,
    bool Returned,
    bool HasPublishedRecord,
    DateTimeOffset? FirstCompleteAt);
