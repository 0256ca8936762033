using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Registry;

namespace Aggregator.Queries;

/// <summary>Cross-district comparisons and the year summary, over the children of a node.</summary>
public sealed class ComparisonEngine(RollupEngine rollups, StatusEngine status)
{
    /// <summary>The cells and indicators shown side by side in the year summary.</summary>
    public static IReadOnlyList<string> SummaryMetrics { get; } =
    [
        "s3.new_requests.total", "s3.results_total.total", "disclosure_rate", "withholding_rate",
        "s4.reconsideration.total", "reconsideration_correction_rate", "s4.litigation_direct.total", "s4.litigation_after_reconsideration.total",
        "s2.administrative_licensing.decisions", "s2.administrative_penalty.decisions", "s2.administrative_fees.amount",
    ];

    public async Task<CompareResponse> CompareAsync(RegionUnit node, ReportYear year, Metric metric, VersionPolicy policy, CancellationToken cancellationToken)
    {
        var format = year.DefaultFormat;
        var now = await rollups.GetChildAreasAsync(node, year, policy, cancellationToken).ConfigureAwait(false);
        ReportYear? previousYear = year.Value > ReportYear.Min ? year.Previous : null;

        // Each child's previous year follows its predecessors: a child renamed or merged since then
        // is compared with its predecessors' figures (summed), with a note; one split off since has none.
        var before = previousYear is { } py
            ? await Task.WhenAll(now.Select(area => rollups.GetLineageAreaAsync(area.Child, py, policy, cancellationToken))).ConfigureAwait(false)
            : [];
        var previousFormat = previousYear?.DefaultFormat ?? format;
        var comparable = Comparability.IsComparable(metric.Id, previousFormat, format);

        var inputs = now.Select((area, i) =>
        {
            var value = area.Area.Units == 0 ? null : metric.Read(area.Area.ToFigures(), format);
            decimal? prev = null;
            if (comparable && i < before.Length && before[i].Area.Units > 0)
            {
                prev = metric.Read(before[i].Area.ToFigures(), previousFormat);
            }

            return new ComparisonInput(area.Child.Id.Value, value, prev, comparable);
        }).ToList();
        var notesByUnit = now.Select((area, i) => (area.Child.Id.Value, Notes: i < before.Length ? before[i].Notes : []))
            .ToDictionary(x => x.Value, x => x.Notes);
        var result = ComparisonMath.Compare(inputs, metric.Additive);

        var response = new CompareResponse { Metric = metric.Id, LabelZh = metric.LabelZh, LabelEn = metric.LabelEn };
        SetDecimal(result.Total, d => response.Total = d);
        SetDecimal(result.Median, d => response.Median = d);
        SetDecimal(result.Mad, d => response.Mad = d);
        var byId = now.ToDictionary(a => a.Child.Id.Value);
        foreach (var line in result.Lines)
        {
            var area = byId[line.Key];
            var row = new ComparisonRow
            {
                UnitId = line.Key,
                UnitName = area.Child.Name,
                Rank = line.Rank,
                Outlier = line.Outlier,
                YoyComparable = line.YoyComparable,
                Source = area.Own?.Source ?? RecordSource.Unspecified,
            };
            SetDecimal(line.Value, d => row.Value = d);
            SetDecimal(line.Share, d => row.Share = d);
            SetDecimal(line.DiffFromMedian, d => row.DiffFromMedian = d);
            SetDecimal(line.ModifiedZ, d => row.ModifiedZ = d);
            SetDecimal(line.Previous, d => row.Previous = d);
            SetDecimal(line.YoyChange, d => row.YoyChange = d);
            SetDecimal(line.YoyChangeRate, d => row.YoyChangeRate = d);
            row.RegionNotes.AddRange(notesByUnit[line.Key]);
            response.Rows.Add(row);
        }

        return response;
    }

    public async Task<GetYearSummaryResponse> GetYearSummaryAsync(RegionUnit node, ReportYear year, VersionPolicy policy, CancellationToken cancellationToken)
    {
        var format = year.DefaultFormat;
        var areasTask = rollups.GetChildAreasAsync(node, year, policy, cancellationToken);
        var statusTask = status.GetStatusAsync(node, year, cancellationToken);
        var (areas, summary) = (await areasTask.ConfigureAwait(false), await statusTask.ConfigureAwait(false));
        var statusByUnit = summary.Units.ToDictionary(u => u.UnitId);
        var metrics = SummaryMetrics.Select(id => Metric.Resolve(id, format)).OfType<Metric>().ToList();

        var response = new GetYearSummaryResponse();
        foreach (var area in areas)
        {
            var entry = statusByUnit.GetValueOrDefault(area.Child.Id.Value);
            var row = new YearSummaryRow
            {
                UnitId = area.Child.Id.Value,
                UnitName = area.Child.Name,
                Status = StatusEngine.StatusName(entry?.Status ?? UnitStatus.NotStarted),
                Late = entry?.Late ?? false,
                WarningCount = entry?.WarningCount ?? 0,
                Source = area.Own?.Source ?? RecordSource.Unspecified,
            };
            var figures = area.Area.ToFigures();
            foreach (var metric in metrics)
            {
                var indicator = new Indicator { Id = metric.Id, LabelZh = metric.LabelZh, LabelEn = metric.LabelEn };
                if (area.Area.Units > 0 && metric.Read(figures, format) is { } v)
                {
                    indicator.Value = new Contracts.V1.Decimal { Value = ExactDecimal.Format(v) };
                }

                row.Indicators.Add(indicator);
            }

            response.Rows.Add(row);
        }

        return response;
    }

    private static void SetDecimal(decimal? value, Action<Contracts.V1.Decimal> set)
    {
        if (value is { } v)
        {
            set(new Contracts.V1.Decimal { Value = ExactDecimal.Format(v) });
        }
    }
}
