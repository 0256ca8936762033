using System.Collections.Immutable;
using Aggregator.Domain;
using Aggregator.Domain.Cells;

namespace Aggregator.Testing.Synthetic;

/// <summary>
/// Builds valid, complete synthetic reports with varied figures (every section), deterministically
/// from a seed. Used by tests, the load generator and benchmarks. A report built with the previous
/// year's report also satisfies the cross-year rules.
/// </summary>
public static class SyntheticReports
{
    /// <summary>
    /// The result rows of table 三 (予以公开 … 不予处理 5), in the catalogue's order: the ones a synthetic
    /// report fills before it balances the totals. Read from <see cref="CellCatalog.RequestRows"/>.
    /// </summary>
    private static readonly string[] s_resultRows =
    [
        .. CellCatalog.RequestRows
            .SkipWhile(r => r.Id != "granted")
            .TakeWhile(r => !r.Id.StartsWith("other_handling.", StringComparison.Ordinal))
            .Select(r => r.Id),
    ];

    /// <param name="scale">Typical size of a count (requests per cell up to about this).</param>
    /// <param name="narrativeLength">Characters of narrative per section (0 for none).</param>
    public static AnnualReport Create(UnitId unit, ReportYear year, Random random, AnnualReport? previous = null, int scale = 20, int narrativeLength = 40)
    {
        var format = year.DefaultFormat;
        var f = new Figures.Builder();
        var columns = CellCatalog.RequestColumns.Take(6).Select(c => c.Id).ToArray();

        // 三: per requester column, results first, then balance the carry.
        var rowTotals = new Dictionary<string, decimal>();
        foreach (var column in columns)
        {
            decimal results = 0;
            foreach (var row in s_resultRows)
            {
                var v = (decimal)Small(random, scale);
                f.Set(CellCatalog.Request(row, column), v);
                results += v;
            }

            if (format == ReportFormat.V2021)
            {
                foreach (var part in new[] { "no_correction", "fee_unpaid", "other" })
                {
                    var v = (decimal)Small(random, scale / 4 + 1);
                    f.Set(CellCatalog.Request($"other_handling.{part}", column), v);
                    results += v;
                }
            }
            else
            {
                var v = (decimal)Small(random, scale / 2 + 1);
                f.Set(CellCatalog.Get($"s3.other_handling.total.{column}", ReportFormat.V2019), v);
                results += v;
            }

            f.Set(CellCatalog.Request("results_total", column), results);
            var forward = (decimal)Small(random, scale / 2 + 1);
            f.Set(CellCatalog.Request("carried_forward", column), forward);
            var over = previous?.Figures[CellCatalog.Request("carried_forward", column)] ?? Math.Min(results + forward, random.Next(0, scale / 2 + 1));
            over = Math.Min(over, results + forward);
            f.Set(CellCatalog.Request("carried_over", column), over);
            f.Set(CellCatalog.Request("new_requests", column), results + forward - over);
        }

        foreach (var row in CellCatalog.RequestRows.Where(r => r.Formats.Contains(format)))
        {
            var cells = columns.Select(c => CellCatalog.TryFind($"s3.{row.Id}.{c}", format, out var d) ? f.Get(d.Id) : null).ToArray();
            if (cells.All(c => c is not null))
            {
                f.Set(CellCatalog.Get($"s3.{row.Id}.total", format), cells.Sum(c => c!.Value));
            }
        }

        // 四.
        foreach (var group in CellCatalog.ReviewGroups)
        {
            decimal total = 0;
            foreach (var c in new[] { "upheld", "corrected", "other", "pending" })
            {
                var v = (decimal)Small(random, scale / 4 + 1);
                f.Set(CellCatalog.Review(group.Id, c), v);
                total += v;
            }

            f.Set(CellCatalog.Review(group.Id, "total"), total);
        }

        // 二.
        if (format == ReportFormat.V2021)
        {
            foreach (var id in new[] { "regulations", "normative_documents" })
            {
                var issued = (decimal)Small(random, 10);
                var repealed = (decimal)Small(random, 5);
                var prior = previous?.Figures[CellCatalog.Get($"s2.{id}.in_force")] ?? random.Next(5, 60);
                repealed = Math.Min(repealed, prior + issued);
                f.Set($"s2.{id}.issued", issued).Set($"s2.{id}.repealed", repealed).Set($"s2.{id}.in_force", prior + issued - repealed);
            }

            f.Set("s2.administrative_licensing.decisions", random.Next(0, 5000))
                .Set("s2.administrative_penalty.decisions", random.Next(0, 1500))
                .Set("s2.administrative_coercion.decisions", random.Next(0, 50))
                .Set("s2.administrative_fees.amount", decimal.Round((decimal)random.Next(0, 100_000_000) / 1_000_000m, 6));
        }
        else
        {
            const ReportFormat v = ReportFormat.V2019;
            foreach (var id in new[] { "regulations", "normative_documents" })
            {
                var published = (decimal)Small(random, 10);
                var before = previous?.Figures[CellCatalog.Get($"s2.{id}.total_published", v)] ?? random.Next(5, 60);
                f.Set($"s2.{id}.made", published + Small(random, 2), v).Set($"s2.{id}.published", published, v).Set($"s2.{id}.total_published", before + published, v);
            }

            foreach (var id in new[] { "administrative_licensing", "other_management_services", "administrative_penalty", "administrative_coercion", "administrative_fees" })
            {
                var prevItems = previous is { } p && p.Figures[CellCatalog.Get($"s2.{id}.previous_items", v)] is { } pi && p.Figures[CellCatalog.Get($"s2.{id}.change", v)] is { } pc
                    ? pi + pc
                    : random.Next(20, 200);
                f.Set($"s2.{id}.previous_items", prevItems, v).Set($"s2.{id}.change", random.Next(-10, 11), v);
                if (id != "administrative_fees")
                {
                    f.Set($"s2.{id}.decisions", random.Next(0, 3000), v);
                }
            }

            f.Set("s2.government_procurement.items", random.Next(0, 300), v)
                .Set("s2.government_procurement.amount", decimal.Round((decimal)random.NextInt64(0, 10_000_000_000) / 100m, 2), v);
        }

        // 一 breakdown and 六.
        var categories = ImmutableArray.CreateBuilder<DisclosureCategory>();
        long stated = 0;
        foreach (var name in new[] { "新闻", "政策文件", "财政信息", "其他" })
        {
            var count = random.Next(0, 2000);
            categories.Add(new DisclosureCategory(name, count));
            stated += count;
        }

        f.Set("s1.breakdown.stated_total", stated)
            .Set("s6.processing_fees.notices", Small(random, 3))
            .Set("s6.processing_fees.amount", decimal.Round((decimal)random.Next(0, 100_000) / 100m, 2))
            .Set("s6.proposals.overall_results", Small(random, 5))
            .Set("s6.proposals.deputy_suggestions", Small(random, 40))
            .Set("s6.proposals.cppcc_proposals", Small(random, 60))
            .Set("s6.key_areas.major_construction", Small(random, 100))
            .Set("s6.key_areas.public_welfare", Small(random, 500))
            .Set("s6.key_areas.public_resources", Small(random, 300));

        var text = narrativeLength > 0 ? string.Concat(Enumerable.Repeat("政务公开工作稳步推进。", (narrativeLength / 11) + 1))[..narrativeLength] : "";
        var narratives = new Narratives
        {
            Introduction = text,
            ProactiveDisclosure = text,
            DisclosureOnRequest = text,
            InformationManagement = text,
            PlatformConstruction = text,
            Supervision = text,
            Problems = text,
            Improvements = text,
            OtherMatters = text,
        };
        return new AnnualReport(unit, year, format, Sections.All, f.Build(), narratives, categories.ToImmutable());
    }

    /// <summary>Mostly small counts, often zero, sometimes larger.</summary>
    private static long Small(Random random, int scale) =>
        random.Next(4) == 0 ? 0 : random.Next(0, Math.Max(1, scale) + 1);
}
