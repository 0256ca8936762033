using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Registry;

namespace Aggregator.Queries;

/// <summary>A metric of a comparison: a cell of the format or a derived indicator.</summary>
public sealed record Metric(string Id, string LabelZh, string LabelEn, bool Additive, Func<Figures, ReportFormat, decimal?> Read)
{
    /// <summary>Resolves a metric id for a year's format; null when unknown.</summary>
    public static Metric? Resolve(string id, ReportFormat format)
    {
        if (Indicators.TryFind(id, out var indicator))
        {
            return new Metric(id, indicator.LabelZh, indicator.LabelEn, false, (f, _) => indicator.Evaluate(f));
        }

        if (!TryFindCell(id, format, out var cell))
        {
            // A row path (s3.other_handling.total, s4.reconsideration) means its 总计 column.
            if (!TryFindCell(id + ".total", format, out cell))
            {
                return null;
            }

            id = cell.Path;
        }

        return new Metric(id, cell.LabelZh, cell.LabelEn, true, (f, fmt) =>
            CellCatalog.TryFind(id, fmt, out var c) ? Comparability.CellValue(f, c) : null);
    }

    /// <summary>The metrics a comparison accepts, for an error message: every indicator and every row of the format (a row means its 总计 column).</summary>
    public static IReadOnlyList<string> Valid(ReportFormat format) =>
    [
        .. Indicators.All.Select(i => i.Id),
        .. CellCatalog.ForFormat(format)
            .Where(c => c.Path.EndsWith(".total", StringComparison.Ordinal) || c.Section is not (Sections.S3Requests or Sections.S4Review))
            .Select(c => c.Path.EndsWith(".total", StringComparison.Ordinal) ? c.Path[..^".total".Length] : c.Path)
            .Distinct(StringComparer.Ordinal),
    ];

    private static bool TryFindCell(string id, ReportFormat format, out CellDefinition cell) =>
        CellCatalog.TryFind(id, format, out cell) || CellCatalog.TryFind(id, format == ReportFormat.V2019 ? ReportFormat.V2021 : ReportFormat.V2019, out cell);
}
