using System.Collections.Immutable;

namespace Aggregator.Domain.Analysis;

/// <summary>One child's line of a comparison.</summary>
public sealed record ComparisonLine(
    string Key,
    decimal? Value,
    int Rank,
    decimal? Share,
    decimal? DiffFromMedian,
    decimal? ModifiedZ,
    bool Outlier,
    decimal? Previous,
    decimal? YoyChange,
    decimal? YoyChangeRate,
    bool YoyComparable);
