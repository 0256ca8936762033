using System.Text.RegularExpressions;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Finding = Aggregator.Domain.Rules.Finding;
using M = Aggregator.Domain.Text.Messages.Import;

namespace Aggregator.Import.Internal;

/// <summary>
/// Table 三 (requests received and handled): rows mapped by their labels (keywords first, then
/// group + item number, so wording differences and typos are tolerated), the seven figures by
/// position in the data row.
/// </summary>
internal static partial class RequestTableParser
{
    private const int Section = 3;

    private static readonly string[] s_columns = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];

    private enum Group
    {
        None,
        Withheld,
        Unavailable,
        NotProcessed,
        OtherHandling,
    }

    /// <param name="Label">The row's short label in messages (<see cref="RequestRowDefinition.LabelZh"/>).</param>
    /// <param name="National">The row's own label cell as the national template prints it (<see cref="RequestRowDefinition.Printed"/>).</param>
    private sealed record RowDef(string Id, string Label, Action<RequestHandling, RequestRow> Set, string National);

    /// <summary>A row of the catalogue (<see cref="CellCatalog.RequestRows"/>): its id, labels and setter are defined there once.</summary>
    private static RowDef Row(string id)
    {
        var row = CellCatalog.RequestRows.Single(r => r.Id == id);
        return new RowDef(row.Id, row.LabelZh, row.Set, row.Printed.Own);
    }

    private static RowDef[] Rows(string prefix) =>
        [.. CellCatalog.RequestRows.Where(r => r.Id.StartsWith(prefix, StringComparison.Ordinal) && r.Id != prefix + "total").Select(r => Row(r.Id))];

    private static readonly RowDef s_newRequests = Row("new_requests");
    private static readonly RowDef s_carriedOver = Row("carried_over");
    private static readonly RowDef s_granted = Row("granted");
    private static readonly RowDef s_partial = Row("partially_granted");
    private static readonly RowDef[] s_withheld = Rows("withheld.");
    private static readonly RowDef[] s_unavailable = Rows("unavailable.");
    private static readonly RowDef[] s_notProcessed = Rows("not_processed.");
    private static readonly RowDef[] s_otherHandling = Rows("other_handling.");
    private static readonly RowDef s_otherTotal = Row("other_handling.total");
    private static readonly RowDef s_resultsTotal = Row("results_total");
    private static readonly RowDef s_carriedForward = Row("carried_forward");

    private static readonly RowDef[] s_alwaysRequired =
    [
        s_newRequests, s_carriedOver, s_granted, s_partial, .. s_withheld, .. s_unavailable, .. s_notProcessed, s_resultsTotal, s_carriedForward,
    ];

    /// <summary>Every row in the national order, for placing a row by its position.</summary>
    private static readonly RowDef[] s_sequence =
    [
        s_newRequests, s_carriedOver, s_granted, s_partial, .. s_withheld, .. s_unavailable, .. s_notProcessed, s_otherTotal, .. s_otherHandling, s_resultsTotal, s_carriedForward,
    ];

    /// <summary>The least <see cref="RowLabels.Similarity"/> for a label to be placed at the row its position expects.</summary>
    private const double MinSimilarity = 0.6;

    private static string SectionName => ContentRecognizer.SectionNames[Section];

    private static string Percent(double fraction) => fraction.ToString("P0", System.Globalization.CultureInfo.InvariantCulture);

    /// <param name="findings">Receives an <see cref="RuleCatalog.RowLabel"/> warning for every row placed under a label that differs from the national one.</param>
    public static RequestHandling? Parse(IReadOnlyList<TableBlock> tables, ErrorSink errors, List<Finding> findings)
    {
        var handling = new RequestHandling();
        var found = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        var group = Group.None;
        var errorCount = errors.Errors.Count;
        var findingCount = findings.Count;
        RowDef? last = null;
        foreach (var row in tables.SelectMany(t => t.Rows))
        {
            var shape = RowShape.Of(row);
            if (shape.LastLabel is null)
            {
                if (!shape.HasNoValues)
                {
                    errors.Add(Section, shape.Location, M.RowLabelBefore("一、本年新收政府信息公开申请数量"), LocalizedText.Verbatim(string.Join(" | ", shape.Figures)), M.RowWithoutLabel);
                }

                continue;
            }

            var contextGroup = shape.ContextLabels.Select(l => GroupOf(RowLabels.Simplified(l))).LastOrDefault(g => g != Group.None);
            if (contextGroup != Group.None)
            {
                group = contextGroup;
            }

            if (IsHeader(shape))
            {
                continue;
            }

            // A full path printed in one cell (三、本年度办理结果 (六)其他处理 3.其他): the path gives the group.
            var (path, item) = RowLabels.SplitPath(shape.LastLabel);
            var pathGroup = path.Select(p => GroupOf(RowLabels.Simplified(p))).LastOrDefault(g => g != Group.None);
            if (pathGroup != Group.None)
            {
                group = pathGroup;
            }

            var def = Map(RowLabels.Simplified(item), ref group, shape.HasNoValues);
            if (def is null && !shape.HasNoValues && shape.Take(7) is not null)
            {
                def = PlaceByPosition(item, last, found, out var why);
                if (def is null)
                {
                    errors.Add(Section, shape.Location, M.RowLabelOrClose(SectionName), M.Quoted(shape.LastLabel), M.CannotPlaceRow(why));
                    continue;
                }

                group = GroupOf(def);
            }

            if (def is null)
            {
                if (!shape.HasNoValues)
                {
                    errors.Add(Section, shape.Location, M.RowLabelOfTable(SectionName, "(一)予以公开、1.属于国家秘密"), M.Quoted(shape.LastLabel), M.UnknownRowLabel);
                }

                continue;
            }

            var figures = shape.Take(7);
            if (figures is null)
            {
                errors.FigureCount(Section, shape.Location, def.Label, 7, shape.Figures);
                continue;
            }

            if (found.TryGetValue(def.Id, out var first))
            {
                errors.Add(Section, shape.Location, M.OneRow(def.Label), M.SecondRowOf(def.Label, first.Text), M.DuplicateRow);
                continue;
            }

            found[def.Id] = shape.Location;
            last = def;
            if (!RowLabels.Same(item, def.National))
            {
                findings.Add(RowLabels.Warning(Section, shape.Location, shape.LastLabel, def.National, [$"s3.{def.Id}.total"]));
            }

            var parsed = new RequestRow();
            for (var i = 0; i < 7; i++)
            {
                var cell = CellParser.ParseCount(figures[i]);
                switch (cell.Kind)
                {
                    case CellKind.Invalid:
                        errors.NonNumeric(Section, shape.Location, $"{def.Label}·{s_columns[i]}", cell.Raw);
                        break;
                    case CellKind.Value:
                        SetColumn(parsed, i, cell.Value);
                        break;
                }
            }

            def.Set(handling, parsed);
        }

        var location = tables[0].Location;
        foreach (var def in s_alwaysRequired.Where(d => !found.ContainsKey(d.Id)))
        {
            errors.Add(Section, location, M.ARow(def.Label), M.NoSuchRow, M.MissingRow(def.Label));
        }

        var subRows = s_otherHandling.Count(d => found.ContainsKey(d.Id));
        if (!found.ContainsKey(s_otherTotal.Id) && subRows < s_otherHandling.Length)
        {
            foreach (var def in s_otherHandling.Where(d => !found.ContainsKey(d.Id)))
            {
                errors.Add(Section, location, M.ARowOrOtherHandlingWhole(def.Label, "(六)其他处理"), M.NoSuchRow, M.MissingRow(def.Label));
            }
        }

        if (errors.Errors.Count != errorCount)
        {
            findings.RemoveRange(findingCount, findings.Count - findingCount);
            return null;
        }

        return handling;
    }

    /// <summary>
    /// A row whose label names no row: placed at the next open row of the national order when its
    /// label is close to that row's (and its item number, if printed, agrees). The other-handling
    /// total and its first item may both come next; two equally close candidates are ambiguous.
    /// </summary>
    private static RowDef? PlaceByPosition(string item, RowDef? last, Dictionary<string, SourceLocation> found, out LocalizedText why)
    {
        var start = last is null ? 0 : Array.IndexOf(s_sequence, last) + 1;
        var open = s_sequence.Skip(start).Where(d => !found.ContainsKey(d.Id)).ToList();
        var after = last is null ? M.AfterHeader : M.After(last.National);
        if (open.Count == 0)
        {
            why = M.NoRowLeft(SectionName, after);
            return null;
        }

        var candidates = open[0] == s_otherTotal ? open.Take(2).ToList() : [open[0]];
        var number = RowLabels.NumberOf(item);
        var scored = candidates
            .Select(d => (Def: d, Score: RowLabels.Similarity(RowLabels.Simplified(item), d.National), NumberAgrees: number is null || number == RowLabels.NumberOf(d.National)))
            .ToList();
        var fitting = scored.Where(s => s.NumberAgrees && s.Score >= MinSimilarity).OrderByDescending(s => s.Score).ToList();
        if (fitting.Count == 0)
        {
            var best = scored.OrderByDescending(s => s.Score).First();
            why = best.NumberAgrees
                ? M.TooDifferent(SectionName, after, best.Def.National, Percent(best.Score), Percent(MinSimilarity))
                : M.NumberDiffers(SectionName, after, best.Def.National);
            return null;
        }

        if (fitting.Count > 1 && fitting[0].Score == fitting[1].Score)
        {
            why = M.Ambiguous(fitting[0].Def.National, fitting[1].Def.National);
            return null;
        }

        why = default;
        return fitting[0].Def;
    }

    private static Group GroupOf(RowDef def) =>
        s_withheld.Contains(def) ? Group.Withheld
        : s_unavailable.Contains(def) ? Group.Unavailable
        : s_notProcessed.Contains(def) ? Group.NotProcessed
        : s_otherHandling.Contains(def) || def == s_otherTotal ? Group.OtherHandling
        : Group.None;

    private static bool IsHeader(RowShape shape) =>
        shape.HasNoValues && (ContentRecognizer.ContainsAny(shape.LastLabel!, "自然人", "商业企业", "科研机构", "社会公益", "法律服务", "法人或其他组织", "申请人情况", "勾稽关系")
            || shape.ContextLabels.Any(l => ContentRecognizer.ContainsAny(l, "自然人", "商业企业", "科研机构", "法人或其他组织", "申请人情况", "勾稽关系")));

    private static Group GroupOf(string label) =>
        label.Contains("不予公开", StringComparison.Ordinal) ? Group.Withheld
        : label.Contains("无法提供", StringComparison.Ordinal) ? Group.Unavailable
        : label.Contains("不予处理", StringComparison.Ordinal) ? Group.NotProcessed
        : label.Contains("其他处理", StringComparison.Ordinal) || label.Contains("其它处理", StringComparison.Ordinal) ? Group.OtherHandling
        : Group.None;

    private static RowDef? Map(string label, ref Group group, bool noValues)
    {
        bool Has(params string[] needles) => ContentRecognizer.ContainsAny(label, needles);

        if (Has("新收"))
        {
            group = Group.None;
            return s_newRequests;
        }

        if (Has("结转下年", "下年度", "继续办理"))
        {
            group = Group.None;
            return s_carriedForward;
        }

        if (Has("上年结转", "上年度结转"))
        {
            group = Group.None;
            return s_carriedOver;
        }

        if (Has("总计", "合计"))
        {
            group = Group.None;
            return s_resultsTotal;
        }

        if (Has("予以公开"))
        {
            group = Group.None;
            return s_granted;
        }

        if (Has("部分公开"))
        {
            group = Group.None;
            return s_partial;
        }

        var byKeyword =
            Has("国家秘密") ? s_withheld[0]
            : Has("禁止公开") ? s_withheld[1]
            : Has("三安全", "一稳定", "社会稳定") ? s_withheld[2]
            : Has("第三方") ? s_withheld[3]
            : Has("内部事务") ? s_withheld[4]
            : Has("过程性") ? s_withheld[5]
            : Has("执法案卷") ? s_withheld[6]
            : Has("查询事项", "行政查询") ? s_withheld[7]
            : Has("不掌握") ? s_unavailable[0]
            : Has("另行制作", "现成信息") ? s_unavailable[1]
            : Has("仍不明确", "补正后") ? s_unavailable[2]
            : Has("信访", "举报", "投诉") ? s_notProcessed[0]
            : Has("重复申请") ? s_notProcessed[1]
            : Has("出版物") ? s_notProcessed[2]
            : Has("大量反复", "反复申请") ? s_notProcessed[3]
            : Has("重新出具", "确认") ? s_notProcessed[4]
            : Has("不补正", "未补正") ? s_otherHandling[0]
            : Has("缴纳费用", "收费通知", "缴费") ? s_otherHandling[1]
            : null;
        if (byKeyword is not null)
        {
            return byKeyword;
        }

        var own = GroupOf(label);
        if (own != Group.None && !NumberedItem().IsMatch(label))
        {
            group = own;
            // (六)其他处理 printed as one row with figures: the group total (2019 format, hybrid 2021).
            return own == Group.OtherHandling && !noValues ? s_otherTotal : null;
        }

        var match = NumberedItem().Match(label);
        if (match.Success && group != Group.None)
        {
            var n = int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) - 1;
            var items = group switch
            {
                Group.Withheld => s_withheld,
                Group.Unavailable => s_unavailable,
                Group.NotProcessed => s_notProcessed,
                _ => s_otherHandling,
            };
            return n >= 0 && n < items.Length ? items[n] : null;
        }

        if (group == Group.OtherHandling && (label is "其他" or "其它"))
        {
            return s_otherHandling[2];
        }

        return null;
    }

    private static void SetColumn(RequestRow row, int column, long value)
    {
        switch (column)
        {
            case 0: row.NaturalPerson = value; break;
            case 1: row.CommercialEnterprise = value; break;
            case 2: row.ResearchInstitution = value; break;
            case 3: row.SocialWelfareOrg = value; break;
            case 4: row.LegalServiceOrg = value; break;
            case 5: row.OtherOrg = value; break;
            default: row.Total = value; break;
        }
    }

    [GeneratedRegex(@"^\(?(?<n>\d{1,2})[).、,]", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex NumberedItem();
}
