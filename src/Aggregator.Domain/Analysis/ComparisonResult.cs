using System.Collections.Immutable;

namespace Aggregator.Domain.Analysis;

/// <summary>A comparison of children on one metric.</summary>
public sealed record ComparisonResult(ImmutableArray<ComparisonLine> Lines, decimal? Total, decimal? Median, decimal? Mad);
