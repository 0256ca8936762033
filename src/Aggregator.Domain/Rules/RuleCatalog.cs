using System.Collections.Immutable;
using Aggregator.Domain.Cells;

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
        (Balance, Severity.Error, "第一项加第二项之和等于第三项加第四项之和", "new + carried over = results total + carried forward, per column"),
        (ResultsTotal, Severity.Error, "(七)总计等于各办理结果之和", "results total = sum of all handling results, per column"),
        (RowTotal, Severity.Error, "总计等于六类申请人之和", "total = the six requester columns, per row"),
        (OtherHandlingTotal, Severity.Error, "其他处理合计等于其三个子项之和", "other handling total = its three sub-items"),
        (GroupTotal, Severity.Error, "总计等于维持、纠正、其他、尚未审结之和", "total = upheld + corrected + other + pending, per group"),
        (NonNegative, Severity.Error, "数量和金额不得为负", "counts and amounts must not be negative"),
        (Precision, Severity.Error, "金额小数位数超出(万元至多6位,元至多2位)", "amount has too many decimals (6 in 万元, 2 in 元)"),
        (Range, Severity.Error, "数值超出合理范围", "value out of range"),
        (Carry, Severity.Warning, "本年上年结转数等于上年结转下年度数", "carried over = last year's carried forward, per column"),
        (InForce, Severity.Warning, "现行有效件数等于上年现行有效件数加本年制发减本年废止", "in force = last year's in force + issued − repealed"),
        (PreviousItems, Severity.Warning, "上一年项目数量等于上年的上一年项目数量加本年增/减", "previous items = last year's previous items + change"),
        (TotalPublished, Severity.Warning, "对外公开总数量等于上年总数加本年新公开数量", "total published = last year's total + published this year"),
        (Breakdown, Severity.Warning, "主动公开分类之和等于所述总数", "the breakdown of proactive disclosure sums to the stated total"),
        (PartialCheck, Severity.Warning, "因分项未填报,合计关系仅部分核验(已填报分项未超过总数)", "a sum was checked only partly because a part is not reported (the parts reported do not exceed the total)"),
        (CoreNotAssessed, Severity.Warning, "核心勾稽关系(A3.balance、A3.results_total、A4.group_total)有未能完整核验的列", "a core identity (A3.balance, A3.results_total, A4.group_total) could not be fully checked in some column"),
        (RowLabel, Severity.Warning, "表格行标题与全国格式不同,按位置和形状识别", "a table row label differs from the national one; the row was placed by its position and shape"),
        (NarrativeReceived, Severity.Warning, "正文所述收到的政府信息公开申请数与第三部分本年新收总计一致", "the requests received stated in the text = table 3's new requests total"),
        (NarrativeResults, Severity.Warning, "正文所述各类办理结果数(予以公开、部分公开、不予公开、无法提供、不予处理、结转下年度)与第三部分一致", "the results by kind stated in the text (granted, partly granted, withheld, unavailable, not processed, carried forward) = table 3"),
        (NarrativeCarriedOver, Severity.Warning, "正文所述上年结转申请数与第三部分上年结转总计一致", "the requests carried over stated in the text = table 3's carried-over total"),
        (NarrativeReviewLitigation, Severity.Warning, "正文所述行政复议、行政诉讼件数与第四部分总计一致", "the reconsideration and litigation cases stated in the text = table 4's totals"),
        (NarrativeInForce, Severity.Warning, "正文所述现行有效行政规范性文件件数与第二部分一致", "the normative documents in force stated in the text = table 2"),
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
                $"第三部分「{row.LabelZh}」行:总计应等于六类申请人之和",
                $"Table 3, row '{row.LabelEn}': total must equal the six requester columns"));
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

            // A3.results_total: results total = every handling result.
            var anchor = C($"s3.results_total.{column.Id}");
            rules.Add(new LinearRule(
                ResultsTotal, Severity.Error, Sections.S3Requests, FormatSet.Both, RuleScope.Always, anchor.Cell,
                [new Term(anchor)],
                [
                    .. resultRows.Select(r => new Term(C($"s3.{r.Id}.{column.Id}"))),
                    new Term(new PartsOrWholeOperand(otherParts, otherWhole)),
                ],
                $"第三部分「{column.LabelZh}」列:(七)总计应等于各办理结果之和",
                $"Table 3, column '{column.LabelEn}': results total must equal the sum of all handling results"));

            // A3.other_handling_total: when the group total is printed with its parts, they agree.
            rules.Add(new LinearRule(
                OtherHandlingTotal, Severity.Error, Sections.S3Requests, FormatSet.V2021, RuleScope.WhenAnchorAndAnyPartReported, otherWhole,
                [new Term(new CellOperand(otherWhole))],
                [.. otherParts.Select(p => new Term(new CellOperand(p)))],
                $"第三部分「{column.LabelZh}」列:(六)其他处理应等于其三个子项之和",
                $"Table 3, column '{column.LabelEn}': other handling must equal its three sub-items"));

            // A3.balance: new + carried over = results total + carried forward.
            rules.Add(new LinearRule(
                Balance, Severity.Error, Sections.S3Requests, FormatSet.Both, RuleScope.Always,
                CellCatalog.Request("new_requests", column.Id),
                [new Term(C($"s3.new_requests.{column.Id}")), new Term(C($"s3.carried_over.{column.Id}"))],
                [new Term(C($"s3.results_total.{column.Id}")), new Term(C($"s3.carried_forward.{column.Id}"))],
                $"第三部分「{column.LabelZh}」列:第一项加第二项之和应等于第三项加第四项之和",
                $"Table 3, column '{column.LabelEn}': new requests + carried over must equal results total + carried forward"));

            // Y3.carry: carried over this year = carried forward last year.
            rules.Add(new LinearRule(
                Carry, Severity.Warning, Sections.S3Requests, FormatSet.Both, RuleScope.NeedsPreviousYear,
                CellCatalog.Request("carried_over", column.Id),
                [new Term(C($"s3.carried_over.{column.Id}"))],
                [new Term(C($"s3.carried_forward.{column.Id}", year: YearRef.Previous))],
                $"第三部分「{column.LabelZh}」列:上年结转数应等于上一年度的结转下年度继续办理数",
                $"Table 3, column '{column.LabelEn}': carried over must equal last year's carried forward"));
        }

        // A4.group_total.
        foreach (var group in CellCatalog.ReviewGroups)
        {
            var anchor = C($"s4.{group.Id}.total");
            rules.Add(new LinearRule(
                GroupTotal, Severity.Error, Sections.S4Review, FormatSet.Both, RuleScope.Always, anchor.Cell,
                [new Term(anchor)],
                [.. new[] { "upheld", "corrected", "other", "pending" }.Select(c => new Term(C($"s4.{group.Id}.{c}")))],
                $"第四部分「{group.LabelZh}」:总计应等于结果维持、结果纠正、其他结果、尚未审结之和",
                $"Table 4, '{group.LabelEn}': total must equal upheld + corrected + other + pending"));
        }

        // Y2.in_force (2021 format): in force = last year's in force + issued − repealed.
        foreach (var (id, zh, en) in new[] { ("regulations", "规章", "regulations"), ("normative_documents", "行政规范性文件", "normative documents") })
        {
            var anchor = C($"s2.{id}.in_force");
            rules.Add(new LinearRule(
                InForce, Severity.Warning, Sections.S2Proactive, FormatSet.V2021, RuleScope.NeedsPreviousYear, anchor.Cell,
                [new Term(anchor)],
                [new Term(C($"s2.{id}.in_force", year: YearRef.Previous)), new Term(C($"s2.{id}.issued")), new Term(C($"s2.{id}.repealed"), -1)],
                $"第二部分「{zh}」:现行有效件数应等于上年现行有效件数加本年制发件数减本年废止件数",
                $"Table 2, {en}: in force must equal last year's in force + issued − repealed"));
        }

        // Y2 (2019 format): previous items carry, total published accumulates.
        foreach (var id in new[] { "administrative_licensing", "other_management_services", "administrative_penalty", "administrative_coercion", "administrative_fees" })
        {
            var anchor = C($"s2.{id}.previous_items", ReportFormat.V2019);
            rules.Add(new LinearRule(
                PreviousItems, Severity.Warning, Sections.S2Proactive, FormatSet.V2019, RuleScope.NeedsPreviousYear, anchor.Cell,
                [new Term(anchor)],
                [new Term(C($"s2.{id}.previous_items", ReportFormat.V2019, YearRef.Previous)), new Term(C($"s2.{id}.change", ReportFormat.V2019, YearRef.Previous))],
                $"第二部分「{anchor.Cell.Definition.RowLabelZh}」:上一年项目数量应等于上年的上一年项目数量加本年增/减",
                $"Table 2, {anchor.Cell.Definition.RowLabelEn}: previous items must equal last year's previous items + change"));
        }

        foreach (var id in new[] { "regulations", "normative_documents" })
        {
            var anchor = C($"s2.{id}.total_published", ReportFormat.V2019);
            rules.Add(new LinearRule(
                TotalPublished, Severity.Warning, Sections.S2Proactive, FormatSet.V2019, RuleScope.NeedsPreviousYear, anchor.Cell,
                [new Term(anchor)],
                [new Term(C($"s2.{id}.total_published", ReportFormat.V2019, YearRef.Previous)), new Term(C($"s2.{id}.published", ReportFormat.V2019))],
                $"第二部分「{anchor.Cell.Definition.RowLabelZh}」:对外公开总数量应等于上年总数加本年新公开数量",
                $"Table 2, {anchor.Cell.Definition.RowLabelEn}: total published must equal last year's total + published this year"));
        }

        return rules.ToImmutable();
    }
}
