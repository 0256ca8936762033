using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Analysis;

/// <summary>The derived indicators a city office reads first (REPORT-FORMAT.md, "Derived figures").</summary>
public static class Indicators
{
    public static ImmutableArray<IndicatorDefinition> All { get; } = Build();

    public static bool TryFind(string id, out IndicatorDefinition indicator)
    {
        indicator = All.FirstOrDefault(i => i.Id == id)!;
        return indicator is not null;
    }

    public static ImmutableArray<IndicatorValue> Evaluate(Figures figures) =>
        [.. All.Select(i => new IndicatorValue(i, i.Evaluate(figures)))];

    private static ImmutableArray<IndicatorDefinition> Build()
    {
        var total = CellCatalog.Request("results_total", "total");
        var withheld = CellCatalog.RequestRows
            .Where(r => r.Id.StartsWith("withheld.", StringComparison.Ordinal))
            .Select(r => CellCatalog.Request(r.Id, "total"))
            .ToImmutableArray();
        var list = ImmutableArray.CreateBuilder<IndicatorDefinition>();
        list.Add(new("disclosure_rate", "公开率(予以公开+部分公开)/办理总数", "disclosure rate (granted + partially granted) / results total",
            [CellCatalog.Request("granted", "total"), CellCatalog.Request("partially_granted", "total")], [(total, 1)]));
        list.Add(new("grant_rate", "予以公开率", "full grant rate", [CellCatalog.Request("granted", "total")], [(total, 1)]));
        list.Add(new("withholding_rate", "不予公开率", "withholding rate", withheld, [(total, 1)]));
        foreach (var group in CellCatalog.ReviewGroups)
        {
            list.Add(new(
                $"{group.Id}_correction_rate",
                $"{group.LabelZh}纠错率 纠正/(总计−尚未审结)",
                $"{group.LabelEn} correction rate corrected / (total − pending)",
                [CellCatalog.Review(group.Id, "corrected")],
                [(CellCatalog.Review(group.Id, "total"), 1), (CellCatalog.Review(group.Id, "pending"), -1)]));
        }

        return list.ToImmutable();
    }
}
