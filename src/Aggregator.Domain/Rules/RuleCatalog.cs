using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;
using M = Aggregator.Domain.Text.Messages.Rules;

namespace Aggregator.Domain.Rules;

/// <summary>
/// Every consistency rule of the national format, each defined exactly once. The rule engine,
/// the importer, rollups and error messages all read them from here.
/// </summary>
public static class RuleCatalog
{
    public const string Balance = "A3.balance";
    public const string ResultsTotal = "A3.results_total";
    public const string RowTotal = "A3.row_total";
    public const string OtherHandlingTotal = "A3.other_handling_total";
    public const string GroupTotal = "A4.group_total";
    public const string NonNegative = "A.non_negative";
    public const string Precision = "A.precision";
    public const string Range = "A.range";
    public const string Carry = "Y3.carry";
    public const string InForce = "Y2.in_force";
    public const string PreviousItems = "Y2.previous_items";
    public const string TotalPublished = "Y2.total_published";
    public const string Breakdown = "N1";
    public const string RowLabel = "I.row_label";
    public const string NarrativeReceived = "N2.received";
    public const string NarrativeResults = "N2.results";
    public const string NarrativeCarriedOver = "N2.carried_over";
    public const string NarrativeReviewLitigation = "N2.review_litigation";
    public const string NarrativeInForce = "N2.in_force";
    public const string PartialCheck = "A.partial_check";
    public const string CoreNotAssessed = "A.core_not_assessed";

    /// <summary>The identities of table 三 and 四 a report must let the city check; one not assessable is a warning.</summary>
    public static ImmutableArray<string> CoreRules { get; } = [Balance, ResultsTotal, GroupTotal];

    /// <summary>The largest count or amount a cell may hold (guards sums against overflow).</summary>
    public const decimal MaxValue = 1_000_000_000_000m;

    /// <summary>Every linear rule.</summary>
    public static ImmutableArray<LinearRule> LinearRules { get; } = BuildLinearRules();

    /// <summary>Every rule id with its severity and a description, for documentation and metrics.</summary>
    public static ImmutableArray<(string Id, Severity Severity, string DescriptionZh, string DescriptionEn)> Descriptions { get; } =
    [
        .. new (string Id, Severity Severity, LocalizedText Description)[]
        {
            (Balance, Severity.Error, M.DescribeBalance),
            (ResultsTotal, Severity.Error, M.DescribeResultsTotal),
            (RowTotal, Severity.Error, M.DescribeRowTotal),
            (OtherHandlingTotal, Severity.Error, M.DescribeOtherHandlingTotal),
            (GroupTotal, Severity.Error, M.DescribeGroupTotal),
            (NonNegative, Severity.Error, M.DescribeNonNegative),
            (Precision, Severity.Error, M.DescribePrecision),
            (Range, Severity.Error, M.DescribeRange),
            (Carry, Severity.Warning, M.DescribeCarry),
            (InForce, Severity.Warning, M.DescribeInForce),
            (PreviousItems, Severity.Warning, M.DescribePreviousItems),
            (TotalPublished, Severity.Warning, M.DescribeTotalPublished),
            (Breakdown, Severity.Warning, M.DescribeBreakdown),
            (PartialCheck, Severity.Warning, M.DescribePartialCheck),
            (CoreNotAssessed, Severity.Warning, M.DescribeCoreNotAssessed(string.Join("、", CoreRules))),
            (RowLabel, Severity.Warning, M.DescribeRowLabel),
            (NarrativeReceived, Severity.Warning, M.DescribeNarrativeReceived),
            (NarrativeResults, Severity.Warning, M.DescribeNarrativeResults),
            (NarrativeCarriedOver, Severity.Warning, M.DescribeNarrativeCarriedOver),
            (NarrativeReviewLitigation, Severity.Warning, M.DescribeNarrativeReviewLitigation),
            (NarrativeInForce, Severity.Warning, M.DescribeNarrativeInForce),
        }.Select(d => (d.Id, d.Severity, d.Description.Zh, d.Description.En)),
    ];

    private static CellOperand C(string path, ReportFormat format = ReportFormat.V2021, YearRef year = YearRef.Current) =>
        new(CellCatalog.Get(path, format), year);

    private static ImmutableArray<LinearRule> BuildLinearRules()
    {
        var rules = ImmutableArray.CreateBuilder<LinearRule>();
        var columns = CellCatalog.RequestColumns;
        var parts = columns.Take(6).ToArray();

        // A3.row_total: for every row, total = the six requester columns.
        foreach (var row in CellCatalog.RequestRows)
        {
            var format = row.Formats.Contains(ReportFormat.V2021) ? ReportFormat.V2021 : ReportFormat.V2019;
            var anchor = C($"s3.{row.Id}.total", format);
            rules.Add(new LinearRule(
                RowTotal, Severity.Error, Sections.S3Requests, row.Formats,
                row.Id.StartsWith("other_handling.", StringComparison.Ordinal) ? RuleScope.WhenAnyReported : RuleScope.Always,
                anchor.Cell,
                [new Term(anchor)],
                [.. parts.Select(c => new Term(C($"s3.{row.Id}.{c.Id}", format)))],
                M.RowTotal(new(row.LabelZh, row.LabelEn))));
        }

        var resultRows = CellCatalog.RequestRows
            .Where(r => r.Id is not ("new_requests" or "carried_over" or "results_total" or "carried_forward") && !r.Id.StartsWith("other_handling.", StringComparison.Ordinal))
            .ToArray();

        foreach (var column in columns)
        {
            var otherParts = new[] { "no_correction", "fee_unpaid", "other" }
                .Select(p => CellCatalog.Request($"other_handling.{p}", column.Id))
                .ToImmutableArray();
            var otherWhole = CellCatalog.Request("other_handling.total", column.Id);
            var label = new LocalizedText(column.LabelZh, column.LabelEn);

            // A3.results_total: results total = every handling result.
            var anchor = C($"s3.results_total.{column.Id}");
            rules.Add(new LinearRule(
                ResultsTotal, Severity.Error, Sections.S3Requests, FormatSet.Both, RuleScope.Always, anchor.Cell,
                [new Term(anchor)],
                [
                    .. resultRows.Select(r => new Term(C($"s3.{r.Id}.{column.Id}"))),
                    new Term(new PartsOrWholeOperand(otherParts, otherWhole)),
                ],
                M.ResultsTotal(label)));

            // A3.other_handling_total: when the group total is printed with its parts, they agree.
            rules.Add(new LinearRule(
                OtherHandlingTotal, Severity.Error, Sections.S3Requests, FormatSet.V2021, RuleScope.WhenAnchorAndAnyPartReported, otherWhole,
                [new Term(new CellOperand(otherWhole))],
                [.. otherParts.Select(p => new Term(new CellOperand(p)))],
                M.OtherHandlingTotal(label)));

            // A3.balance: new + carried over = results total + carried forward.
            rules.Add(new LinearRule(
                Balance, Severity.Error, Sections.S3Requests, FormatSet.Both, RuleScope.Always,
                CellCatalog.Request("new_requests", column.Id),
                [new Term(C($"s3.new_requests.{column.Id}")), new Term(C($"s3.carried_over.{column.Id}"))],
                [new Term(C($"s3.results_total.{column.Id}")), new Term(C($"s3.carried_forward.{column.Id}"))],
                M.Balance(label)));

            // Y3.carry: carried over this year = carried forward last year.
            rules.Add(new LinearRule(
                Carry, Severity.Warning, Sections.S3Requests, FormatSet.Both, RuleScope.NeedsPreviousYear,
                CellCatalog.Request("carried_over", column.Id),
                [new Term(C($"s3.carried_over.{column.Id}"))],
                [new Term(C($"s3.carried_forward.{column.Id}", year: YearRef.Previous))],
                M.Carry(label)));
        }

        // A4.group_total.
        foreach (var group in CellCatalog.ReviewGroups)
        {
            var anchor = C($"s4.{group.Id}.total");
            rules.Add(new LinearRule(
                GroupTotal, Severity.Error, Sections.S4Review, FormatSet.Both, RuleScope.Always, anchor.Cell,
                [new Term(anchor)],
                [.. new[] { "upheld", "corrected", "other", "pending" }.Select(c => new Term(C($"s4.{group.Id}.{c}")))],
                M.GroupTotal(new(group.LabelZh, group.LabelEn))));
        }

        // Y2.in_force (2021 format): in force = last year's in force + issued − repealed.
        foreach (var (id, zh, en) in new[] { ("regulations", "规章", "regulations"), ("normative_documents", "行政规范性文件", "normative documents") })
        {
            var anchor = C($"s2.{id}.in_force");
            rules.Add(new LinearRule(
                InForce, Severity.Warning, Sections.S2Proactive, FormatSet.V2021, RuleScope.NeedsPreviousYear, anchor.Cell,
                [new Term(anchor)],
                [new Term(C($"s2.{id}.in_force", year: YearRef.Previous)), new Term(C($"s2.{id}.issued")), new Term(C($"s2.{id}.repealed"), -1)],
                M.InForce(new(zh, en))));
        }

        // Y2 (2019 format): previous items carry, total published accumulates.
        foreach (var id in new[] { "administrative_licensing", "other_management_services", "administrative_penalty", "administrative_coercion", "administrative_fees" })
        {
            var anchor = C($"s2.{id}.previous_items", ReportFormat.V2019);
            rules.Add(new LinearRule(
                PreviousItems, Severity.Warning, Sections.S2Proactive, FormatSet.V2019, RuleScope.NeedsPreviousYear, anchor.Cell,
                [new Term(anchor)],
                [new Term(C($"s2.{id}.previous_items", ReportFormat.V2019, YearRef.Previous)), new Term(C($"s2.{id}.change", ReportFormat.V2019, YearRef.Previous))],
                M.PreviousItems(new(anchor.Cell.Definition.RowLabelZh, anchor.Cell.Definition.RowLabelEn))));
        }

        foreach (var id in new[] { "regulations", "normative_documents" })
        {
            var anchor = C($"s2.{id}.total_published", ReportFormat.V2019);
            rules.Add(new LinearRule(
                TotalPublished, Severity.Warning, Sections.S2Proactive, FormatSet.V2019, RuleScope.NeedsPreviousYear, anchor.Cell,
                [new Term(anchor)],
                [new Term(C($"s2.{id}.total_published", ReportFormat.V2019, YearRef.Previous)), new Term(C($"s2.{id}.published", ReportFormat.V2019))],
                M.TotalPublished(new(anchor.Cell.Definition.RowLabelZh, anchor.Cell.Definition.RowLabelEn))));
        }

        return rules.ToImmutable();
    }
}
