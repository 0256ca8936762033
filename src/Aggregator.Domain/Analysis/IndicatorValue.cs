using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Analysis;

/// <summary>A derived indicator's value: <see langword="null"/> is "no value" (division by zero or an operand not reported).</summary>
public sealed record IndicatorValue(IndicatorDefinition Definition, decimal? Value);
