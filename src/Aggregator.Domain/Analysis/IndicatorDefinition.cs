using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Analysis;

/// <summary>A derived indicator: numerator / denominator over cells of one report, both as sums.</summary>
public sealed record IndicatorDefinition(
    string Id,
    string LabelZh,
    string LabelEn,
    ImmutableArray<CellId> Numerator,
    ImmutableArray<(CellId Cell, int Sign)> Denominator)
{
    /// <summary>Rates are rounded to this many decimals.</summary>
    public const int Decimals = 6;

    public decimal? Evaluate(Figures figures)
    {
        decimal numerator = 0;
        foreach (var cell in Numerator)
        {
            if (figures[cell] is not { } v)
            {
                return null;
            }

            numerator += v;
        }

        decimal denominator = 0;
        foreach (var (cell, sign) in Denominator)
        {
            if (figures[cell] is not { } v)
            {
                return null;
            }

            denominator += sign * v;
        }

        return denominator == 0 ? null : decimal.Round(numerator / denominator, Decimals, MidpointRounding.ToEven);
    }
}
