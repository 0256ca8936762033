using System.Collections.Immutable;

namespace Aggregator.Domain.Analysis;

/// <summary>One child's input to a comparison.</summary>
/// <param name="Key">The child (a unit id).</param>
/// <param name="Value">This year's value; null = not reported / no value.</param>
/// <param name="Previous">Last year's value when comparable; null otherwise.</param>
/// <param name="PreviousComparable">False when last year used a format where the metric means something else.</param>
public sealed record ComparisonInput(string Key, decimal? Value, decimal? Previous, bool PreviousComparable);
