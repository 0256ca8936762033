using System.Collections.Immutable;

namespace Aggregator.Domain.Analysis;

/// <summary>
/// Cross-district comparison math: ranks (standard competition ranking, largest first, ties share
/// the smallest rank), share of the total, median, median absolute deviation and the modified
/// z-score 0.6745·(x − median)/MAD with |z| &gt; 3.5 flagged (Iglewicz and Hoaglin), year over year.
/// </summary>
public static class ComparisonMath
{
    public const decimal OutlierThreshold = 3.5m;
    public const decimal ZConstant = 0.6745m;
    public const int Decimals = 6;

    /// <param name="inputs">One per child.</param>
    /// <param name="additive">True for cells (shares of the total make sense), false for rates.</param>
    public static ComparisonResult Compare(IReadOnlyList<ComparisonInput> inputs, bool additive)
    {
        var values = inputs.Where(i => i.Value is not null).Select(i => i.Value!.Value).ToArray();
        decimal? total = additive && values.Length > 0 ? values.Sum() : null;
        var median = Median(values);
        decimal? mad = median is { } m ? Median([.. values.Select(v => Math.Abs(v - m))]) : null;

        var sorted = values.OrderByDescending(v => v).ToArray();
        var lines = ImmutableArray.CreateBuilder<ComparisonLine>(inputs.Count);
        foreach (var input in inputs)
        {
            if (input.Value is not { } v)
            {
                lines.Add(new ComparisonLine(input.Key, null, 0, null, null, null, false, input.PreviousComparable ? input.Previous : null, null, null, input.PreviousComparable));
                continue;
            }

            var rank = Array.IndexOf(sorted, v) + 1;
            decimal? share = total is { } t && t != 0 ? Round(v / t) : null;
            decimal? diff = median is { } med ? v - med : null;
            decimal? z = diff is { } d && mad is { } md && md != 0 ? Round(ZConstant * d / md) : null;
            var outlier = z is { } zz && Math.Abs(zz) > OutlierThreshold;
            decimal? previous = input.PreviousComparable ? input.Previous : null;
            decimal? change = previous is { } p ? v - p : null;
            decimal? rate = previous is { } p2 && p2 != 0 ? Round((v - p2) / p2) : null;
            lines.Add(new ComparisonLine(input.Key, v, rank, share, diff, z, outlier, previous, change, rate, input.PreviousComparable));
        }

        var ordered = lines
            .OrderBy(l => l.Rank == 0 ? int.MaxValue : l.Rank)
            .ThenBy(l => l.Key, StringComparer.Ordinal)
            .ToImmutableArray();
        return new ComparisonResult(ordered, total, median, mad);
    }

    /// <summary>The median; the mean of the two middle values for an even count; null when empty.</summary>
    public static decimal? Median(IReadOnlyList<decimal> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static decimal Round(decimal value) => decimal.Round(value, Decimals, MidpointRounding.ToEven);
}
