using System.Collections.Frozen;
using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Domain.Cells;

/// <summary>
/// Every numeric cell of the national format, with its stable path, labels and where it lives in
/// the contract. This is the single place that knows the shape of tables 二, 三 and 四 and the
/// structured figures of 一 and 六.
/// </summary>
public static class CellCatalog
{
    private static readonly List<CellDefinition> s_building = [];

    /// <summary>The columns of table 三, in printed order.</summary>
    public static IReadOnlyList<RequestColumn> RequestColumns { get; } =
    [
        new("natural_person", "自然人", "natural persons", r => r.HasNaturalPerson ? r.NaturalPerson : null, (r, v) => { if (v is { } x) { r.NaturalPerson = x; } else { r.ClearNaturalPerson(); } }),
        new("commercial_enterprise", "商业企业", "commercial enterprises", r => r.HasCommercialEnterprise ? r.CommercialEnterprise : null, (r, v) => { if (v is { } x) { r.CommercialEnterprise = x; } else { r.ClearCommercialEnterprise(); } }),
        new("research_institution", "科研机构", "research institutions", r => r.HasResearchInstitution ? r.ResearchInstitution : null, (r, v) => { if (v is { } x) { r.ResearchInstitution = x; } else { r.ClearResearchInstitution(); } }),
        new("social_welfare_org", "社会公益组织", "social welfare organisations", r => r.HasSocialWelfareOrg ? r.SocialWelfareOrg : null, (r, v) => { if (v is { } x) { r.SocialWelfareOrg = x; } else { r.ClearSocialWelfareOrg(); } }),
        new("legal_service_org", "法律服务机构", "legal service organisations", r => r.HasLegalServiceOrg ? r.LegalServiceOrg : null, (r, v) => { if (v is { } x) { r.LegalServiceOrg = x; } else { r.ClearLegalServiceOrg(); } }),
        new("other_org", "其他", "other organisations", r => r.HasOtherOrg ? r.OtherOrg : null, (r, v) => { if (v is { } x) { r.OtherOrg = x; } else { r.ClearOtherOrg(); } }),
        new("total", "总计", "total", r => r.HasTotal ? r.Total : null, (r, v) => { if (v is { } x) { r.Total = x; } else { r.ClearTotal(); } }),
    ];

    /// <summary>The printed level-1 header of table 三's result rows (三、本年度办理结果).</summary>
    public const string ResultsGroup = "三、本年度办理结果";

    /// <summary>
    /// The rows of table 三, in printed order (plus the single-row 其他处理 variant), each with the
    /// header the national template prints for it (<see cref="RequestRowDefinition.Printed"/>).
    /// </summary>
    public static IReadOnlyList<RequestRowDefinition> RequestRows { get; } =
    [
        new("new_requests", "一、本年新收政府信息公开申请数量", "new requests this year", FormatSet.Both, h => h.NewRequests, (h, v) => h.NewRequests = v, new("一、本年新收政府信息公开申请数量", "", "")),
        new("carried_over", "二、上年结转政府信息公开申请数量", "carried over from last year", FormatSet.Both, h => h.CarriedOver, (h, v) => h.CarriedOver = v, new("二、上年结转政府信息公开申请数量", "", "")),
        new("granted", "三(一)予以公开", "granted", FormatSet.Both, h => h.Granted, (h, v) => h.Granted = v, new(ResultsGroup, "(一)予以公开", "")),
        new("partially_granted", "三(二)部分公开", "partially granted", FormatSet.Both, h => h.PartiallyGranted, (h, v) => h.PartiallyGranted = v, new(ResultsGroup, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "")),
        new("withheld.state_secret", "三(三)1.属于国家秘密", "withheld: state secret", FormatSet.Both, h => h.WithheldStateSecret, (h, v) => h.WithheldStateSecret = v, new(ResultsGroup, "(三)不予公开", "1.属于国家秘密")),
        new("withheld.prohibited_by_law", "三(三)2.其他法律行政法规禁止公开", "withheld: prohibited by law", FormatSet.Both, h => h.WithheldProhibitedByLaw, (h, v) => h.WithheldProhibitedByLaw = v, new(ResultsGroup, "(三)不予公开", "2.其他法律行政法规禁止公开")),
        new("withheld.security_stability", "三(三)3.危及“三安全一稳定”", "withheld: security and stability", FormatSet.Both, h => h.WithheldSecurityStability, (h, v) => h.WithheldSecurityStability = v, new(ResultsGroup, "(三)不予公开", "3.危及“三安全一稳定”")),
        new("withheld.third_party_rights", "三(三)4.保护第三方合法权益", "withheld: third-party rights", FormatSet.Both, h => h.WithheldThirdPartyRights, (h, v) => h.WithheldThirdPartyRights = v, new(ResultsGroup, "(三)不予公开", "4.保护第三方合法权益")),
        new("withheld.internal_affairs", "三(三)5.属于三类内部事务信息", "withheld: internal affairs", FormatSet.Both, h => h.WithheldInternalAffairs, (h, v) => h.WithheldInternalAffairs = v, new(ResultsGroup, "(三)不予公开", "5.属于三类内部事务信息")),
        new("withheld.process_information", "三(三)6.属于四类过程性信息", "withheld: process information", FormatSet.Both, h => h.WithheldProcessInformation, (h, v) => h.WithheldProcessInformation = v, new(ResultsGroup, "(三)不予公开", "6.属于四类过程性信息")),
        new("withheld.enforcement_files", "三(三)7.属于行政执法案卷", "withheld: enforcement files", FormatSet.Both, h => h.WithheldEnforcementFiles, (h, v) => h.WithheldEnforcementFiles = v, new(ResultsGroup, "(三)不予公开", "7.属于行政执法案卷")),
        new("withheld.administrative_query", "三(三)8.属于行政查询事项", "withheld: administrative query", FormatSet.Both, h => h.WithheldAdministrativeQuery, (h, v) => h.WithheldAdministrativeQuery = v, new(ResultsGroup, "(三)不予公开", "8.属于行政查询事项")),
        new("unavailable.not_held", "三(四)1.本机关不掌握相关政府信息", "unavailable: not held", FormatSet.Both, h => h.UnavailableNotHeld, (h, v) => h.UnavailableNotHeld = v, new(ResultsGroup, "(四)无法提供", "1.本机关不掌握相关政府信息")),
        new("unavailable.needs_creation", "三(四)2.没有现成信息需要另行制作", "unavailable: needs creation", FormatSet.Both, h => h.UnavailableNeedsCreation, (h, v) => h.UnavailableNeedsCreation = v, new(ResultsGroup, "(四)无法提供", "2.没有现成信息需要另行制作")),
        new("unavailable.unclear", "三(四)3.补正后申请内容仍不明确", "unavailable: unclear", FormatSet.Both, h => h.UnavailableUnclear, (h, v) => h.UnavailableUnclear = v, new(ResultsGroup, "(四)无法提供", "3.补正后申请内容仍不明确")),
        new("not_processed.petition", "三(五)1.信访举报投诉类申请", "not processed: petition", FormatSet.Both, h => h.NotProcessedPetition, (h, v) => h.NotProcessedPetition = v, new(ResultsGroup, "(五)不予处理", "1.信访举报投诉类申请")),
        new("not_processed.duplicate", "三(五)2.重复申请", "not processed: duplicate", FormatSet.Both, h => h.NotProcessedDuplicate, (h, v) => h.NotProcessedDuplicate = v, new(ResultsGroup, "(五)不予处理", "2.重复申请")),
        new("not_processed.publication", "三(五)3.要求提供公开出版物", "not processed: publication", FormatSet.Both, h => h.NotProcessedPublication, (h, v) => h.NotProcessedPublication = v, new(ResultsGroup, "(五)不予处理", "3.要求提供公开出版物")),
        new("not_processed.excessive", "三(五)4.无正当理由大量反复申请", "not processed: excessive", FormatSet.Both, h => h.NotProcessedExcessive, (h, v) => h.NotProcessedExcessive = v, new(ResultsGroup, "(五)不予处理", "4.无正当理由大量反复申请")),
        new("not_processed.confirmation", "三(五)5.要求行政机关确认或重新出具已获取信息", "not processed: confirmation", FormatSet.Both, h => h.NotProcessedConfirmation, (h, v) => h.NotProcessedConfirmation = v, new(ResultsGroup, "(五)不予处理", "5.要求行政机关确认或重新出具已获取信息")),
        new("other_handling.no_correction", "三(六)1.申请人无正当理由逾期不补正", "other: no correction", FormatSet.V2021, h => h.OtherHandlingNoCorrection, (h, v) => h.OtherHandlingNoCorrection = v, new(ResultsGroup, "(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")),
        new("other_handling.fee_unpaid", "三(六)2.申请人逾期未按收费通知要求缴纳费用", "other: fee unpaid", FormatSet.V2021, h => h.OtherHandlingFeeUnpaid, (h, v) => h.OtherHandlingFeeUnpaid = v, new(ResultsGroup, "(六)其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请")),
        new("other_handling.other", "三(六)3.其他", "other: other", FormatSet.V2021, h => h.OtherHandlingOther, (h, v) => h.OtherHandlingOther = v, new(ResultsGroup, "(六)其他处理", "3.其他")),
        new("other_handling.total", "三(六)其他处理", "other handling", FormatSet.Both, h => h.OtherHandlingTotal, (h, v) => h.OtherHandlingTotal = v, new(ResultsGroup, "(六)其他处理", "")),
        new("results_total", "三(七)总计", "results total", FormatSet.Both, h => h.ResultsTotal, (h, v) => h.ResultsTotal = v, new(ResultsGroup, "(七)总计", "")),
        new("carried_forward", "四、结转下年度继续办理", "carried forward to next year", FormatSet.Both, h => h.CarriedForward, (h, v) => h.CarriedForward = v, new("四、结转下年度继续办理", "", "")),
    ];

    /// <summary>The three groups of table 四.</summary>
    public static IReadOnlyList<ReviewGroupDefinition> ReviewGroups { get; } =
    [
        new("reconsideration", "行政复议", "administrative reconsideration", r => r.Reconsideration, (r, v) => r.Reconsideration = v),
        new("litigation_direct", "行政诉讼·未经复议直接起诉", "litigation without reconsideration", r => r.LitigationDirect, (r, v) => r.LitigationDirect = v),
        new("litigation_after_reconsideration", "行政诉讼·复议后起诉", "litigation after reconsideration", r => r.LitigationAfterReconsideration, (r, v) => r.LitigationAfterReconsideration = v),
    ];

    /// <summary>The five columns of each group of table 四.</summary>
    public static IReadOnlyList<ReviewColumn> ReviewColumns { get; } =
    [
        new("upheld", "结果维持", "upheld", g => g.HasUpheld ? g.Upheld : null, (g, v) => { if (v is { } x) { g.Upheld = x; } else { g.ClearUpheld(); } }),
        new("corrected", "结果纠正", "corrected", g => g.HasCorrected ? g.Corrected : null, (g, v) => { if (v is { } x) { g.Corrected = x; } else { g.ClearCorrected(); } }),
        new("other", "其他结果", "other outcome", g => g.HasOther ? g.Other : null, (g, v) => { if (v is { } x) { g.Other = x; } else { g.ClearOther(); } }),
        new("pending", "尚未审结", "pending", g => g.HasPending ? g.Pending : null, (g, v) => { if (v is { } x) { g.Pending = x; } else { g.ClearPending(); } }),
        new("total", "总计", "total", g => g.HasTotal ? g.Total : null, (g, v) => { if (v is { } x) { g.Total = x; } else { g.ClearTotal(); } }),
    ];

    static CellCatalog()
    {
        BuildSection1();
        BuildSection2For2021();
        BuildSection2For2019();
        BuildSection3();
        BuildSection4();
        BuildSection6();
        All = [.. s_building];
        s_building.Clear();
        s_byPath2021 = All.Where(c => c.Formats.Contains(ReportFormat.V2021)).ToFrozenDictionary(c => c.Path, StringComparer.Ordinal);
        s_byPath2019 = All.Where(c => c.Formats.Contains(ReportFormat.V2019)).ToFrozenDictionary(c => c.Path, StringComparer.Ordinal);
    }

    private static readonly FrozenDictionary<string, CellDefinition> s_byPath2021;
    private static readonly FrozenDictionary<string, CellDefinition> s_byPath2019;

    /// <summary>Every cell of both formats. A cell's ordinal is its index here.</summary>
    public static IReadOnlyList<CellDefinition> All { get; }

    public static int Count => All.Count;

    /// <summary>The cells of one format.</summary>
    public static IEnumerable<CellDefinition> ForFormat(ReportFormat format) => All.Where(c => c.Formats.Contains(format));

    /// <summary>Looks a cell up by its path in a format.</summary>
    public static bool TryFind(string path, ReportFormat format, out CellDefinition cell) =>
        (format == ReportFormat.V2021 ? s_byPath2021 : s_byPath2019).TryGetValue(path, out cell!);

    /// <summary>Looks a cell up by its path in a format; throws for an unknown path.</summary>
    public static CellId Get(string path, ReportFormat format = ReportFormat.V2021) =>
        TryFind(path, format, out var cell) ? cell.Id : throw new KeyNotFoundException($"Unknown cell '{path}' in format {format}.");

    /// <summary>The cell of table 三 at a row and column.</summary>
    public static CellId Request(string row, string column) => Get($"s3.{row}.{column}");

    /// <summary>The cell of table 四 in a group and column.</summary>
    public static CellId Review(string group, string column) => Get($"s4.{group}.{column}");

    private static void Add(CellDefinition definition) => s_building.Add(definition);

    private static int Next => s_building.Count;

    private static void AddCount<TRow>(
        string path, Sections section, CellKind kind, FormatSet formats,
        string rowZh, string colZh, string rowEn, string colEn,
        Func<Report, TRow?> row, Func<Report, TRow> rowOrCreate,
        Func<TRow, long?> get, Action<TRow, long?> set)
        where TRow : class
    {
        Add(new CellDefinition(Next, path, section, kind, formats, rowZh, colZh, rowEn, colEn)
        {
            Read = r => row(r) is { } x ? get(x) : null,
            Write = (r, v) =>
            {
                if (v is null)
                {
                    if (row(r) is { } x)
                    {
                        set(x, null);
                    }
                }
                else
                {
                    set(rowOrCreate(r), decimal.ToInt64(v.Value));
                }
            },
        });
    }

    private static void AddMoney<TRow>(
        string path, Sections section, CellKind kind, FormatSet formats,
        string rowZh, string colZh, string rowEn, string colEn,
        Func<Report, TRow?> row, Func<Report, TRow> rowOrCreate,
        Func<TRow, Aggregator.Contracts.V1.Decimal?> get, Action<TRow, Aggregator.Contracts.V1.Decimal?> set)
        where TRow : class
    {
        Add(new CellDefinition(Next, path, section, kind, formats, rowZh, colZh, rowEn, colEn)
        {
            ReadRaw = r => row(r) is { } x ? get(x)?.Value : null,
            Read = r => row(r) is { } x && get(x) is { } d && ExactDecimal.TryParse(d.Value, out var value) ? value : null,
            Write = (r, v) =>
            {
                if (v is null)
                {
                    if (row(r) is { } x)
                    {
                        set(x, null);
                    }
                }
                else
                {
                    set(rowOrCreate(r), new Aggregator.Contracts.V1.Decimal { Value = ExactDecimal.Format(v.Value) });
                }
            },
        });
    }

    private static void BuildSection1()
    {
        AddCount(
            "s1.breakdown.stated_total", Sections.S1Overview, CellKind.Count, FormatSet.Both,
            "主动公开政府信息总数", "", "proactively disclosed items (stated total)", "",
            r => r.Overview?.Breakdown, r => (r.Overview ??= new()).Breakdown ??= new(),
            b => b.HasStatedTotal ? b.StatedTotal : null,
            (b, v) => { if (v is { } x) { b.StatedTotal = x; } else { b.ClearStatedTotal(); } });
    }

    private static void BuildSection2For2021()
    {
        static ProactiveDisclosure Create(Report r) => r.ProactiveDisclosure ??= new();

        foreach (var (id, zh, en, get, set) in new (string, string, string, Func<ProactiveDisclosure, DocumentCounts?>, Action<ProactiveDisclosure, DocumentCounts>)[]
        {
            ("regulations", "规章", "regulations", p => p.Regulations, (p, v) => p.Regulations = v),
            ("normative_documents", "行政规范性文件", "normative documents", p => p.NormativeDocuments, (p, v) => p.NormativeDocuments = v),
        })
        {
            DocumentCounts? Row(Report r) => r.ProactiveDisclosure is { } p ? get(p) : null;
            DocumentCounts RowOrCreate(Report r)
            {
                var p = Create(r);
                if (get(p) is { } existing)
                {
                    return existing;
                }

                var created = new DocumentCounts();
                set(p, created);
                return created;
            }

            AddCount($"s2.{id}.issued", Sections.S2Proactive, CellKind.Count, FormatSet.V2021, zh, "本年制发件数", en, "issued this year", Row, RowOrCreate,
                d => d.HasIssued ? d.Issued : null, (d, v) => { if (v is { } x) { d.Issued = x; } else { d.ClearIssued(); } });
            AddCount($"s2.{id}.repealed", Sections.S2Proactive, CellKind.Count, FormatSet.V2021, zh, "本年废止件数", en, "repealed this year", Row, RowOrCreate,
                d => d.HasRepealed ? d.Repealed : null, (d, v) => { if (v is { } x) { d.Repealed = x; } else { d.ClearRepealed(); } });
            AddCount($"s2.{id}.in_force", Sections.S2Proactive, CellKind.Count, FormatSet.V2021, zh, "现行有效件数", en, "in force", Row, RowOrCreate,
                d => d.HasInForce ? d.InForce : null, (d, v) => { if (v is { } x) { d.InForce = x; } else { d.ClearInForce(); } });
        }

        AddCount("s2.administrative_licensing.decisions", Sections.S2Proactive, CellKind.Count, FormatSet.V2021, "行政许可", "本年处理决定数量", "administrative licensing", "decisions this year",
            r => r.ProactiveDisclosure, Create,
            p => p.HasAdministrativeLicensingDecisions ? p.AdministrativeLicensingDecisions : null,
            (p, v) => { if (v is { } x) { p.AdministrativeLicensingDecisions = x; } else { p.ClearAdministrativeLicensingDecisions(); } });
        AddCount("s2.administrative_penalty.decisions", Sections.S2Proactive, CellKind.Count, FormatSet.V2021, "行政处罚", "本年处理决定数量", "administrative penalty", "decisions this year",
            r => r.ProactiveDisclosure, Create,
            p => p.HasAdministrativePenaltyDecisions ? p.AdministrativePenaltyDecisions : null,
            (p, v) => { if (v is { } x) { p.AdministrativePenaltyDecisions = x; } else { p.ClearAdministrativePenaltyDecisions(); } });
        AddCount("s2.administrative_coercion.decisions", Sections.S2Proactive, CellKind.Count, FormatSet.V2021, "行政强制", "本年处理决定数量", "administrative coercion", "decisions this year",
            r => r.ProactiveDisclosure, Create,
            p => p.HasAdministrativeCoercionDecisions ? p.AdministrativeCoercionDecisions : null,
            (p, v) => { if (v is { } x) { p.AdministrativeCoercionDecisions = x; } else { p.ClearAdministrativeCoercionDecisions(); } });
        AddMoney("s2.administrative_fees.amount", Sections.S2Proactive, CellKind.MoneyWanYuan, FormatSet.V2021, "行政事业性收费", "本年收费金额(万元)", "administrative fees", "amount collected (10,000 yuan)",
            r => r.ProactiveDisclosure, Create, p => p.AdministrativeFeesAmount, (p, v) => p.AdministrativeFeesAmount = v);
    }

    private static void BuildSection2For2019()
    {
        static ProactiveDisclosure2019 Create(Report r) => r.ProactiveDisclosure2019 ??= new();

        foreach (var (id, zh, en, get, set) in new (string, string, string, Func<ProactiveDisclosure2019, DocumentCounts2019?>, Action<ProactiveDisclosure2019, DocumentCounts2019>)[]
        {
            ("regulations", "规章", "regulations", p => p.Regulations, (p, v) => p.Regulations = v),
            ("normative_documents", "规范性文件", "normative documents", p => p.NormativeDocuments, (p, v) => p.NormativeDocuments = v),
        })
        {
            DocumentCounts2019? Row(Report r) => r.ProactiveDisclosure2019 is { } p ? get(p) : null;
            DocumentCounts2019 RowOrCreate(Report r)
            {
                var p = Create(r);
                if (get(p) is { } existing)
                {
                    return existing;
                }

                var created = new DocumentCounts2019();
                set(p, created);
                return created;
            }

            AddCount($"s2.{id}.made", Sections.S2Proactive, CellKind.Count, FormatSet.V2019, zh, "本年新制作数量", en, "made this year", Row, RowOrCreate,
                d => d.HasMade ? d.Made : null, (d, v) => { if (v is { } x) { d.Made = x; } else { d.ClearMade(); } });
            AddCount($"s2.{id}.published", Sections.S2Proactive, CellKind.Count, FormatSet.V2019, zh, "本年新公开数量", en, "published this year", Row, RowOrCreate,
                d => d.HasPublished ? d.Published : null, (d, v) => { if (v is { } x) { d.Published = x; } else { d.ClearPublished(); } });
            AddCount($"s2.{id}.total_published", Sections.S2Proactive, CellKind.Count, FormatSet.V2019, zh, "对外公开总数量", en, "published in total", Row, RowOrCreate,
                d => d.HasTotalPublished ? d.TotalPublished : null, (d, v) => { if (v is { } x) { d.TotalPublished = x; } else { d.ClearTotalPublished(); } });
        }

        foreach (var (id, zh, en, get, set, hasDecisions) in new (string, string, string, Func<ProactiveDisclosure2019, ItemCounts2019?>, Action<ProactiveDisclosure2019, ItemCounts2019>, bool)[]
        {
            ("administrative_licensing", "行政许可", "administrative licensing", p => p.AdministrativeLicensing, (p, v) => p.AdministrativeLicensing = v, true),
            ("other_management_services", "其他对外管理服务事项", "other management services", p => p.OtherManagementServices, (p, v) => p.OtherManagementServices = v, true),
            ("administrative_penalty", "行政处罚", "administrative penalty", p => p.AdministrativePenalty, (p, v) => p.AdministrativePenalty = v, true),
            ("administrative_coercion", "行政强制", "administrative coercion", p => p.AdministrativeCoercion, (p, v) => p.AdministrativeCoercion = v, true),
            ("administrative_fees", "行政事业性收费", "administrative fees", p => p.AdministrativeFees, (p, v) => p.AdministrativeFees = v, false),
        })
        {
            ItemCounts2019? Row(Report r) => r.ProactiveDisclosure2019 is { } p ? get(p) : null;
            ItemCounts2019 RowOrCreate(Report r)
            {
                var p = Create(r);
                if (get(p) is { } existing)
                {
                    return existing;
                }

                var created = new ItemCounts2019();
                set(p, created);
                return created;
            }

            AddCount($"s2.{id}.previous_items", Sections.S2Proactive, CellKind.Count, FormatSet.V2019, zh, "上一年项目数量", en, "items last year", Row, RowOrCreate,
                d => d.HasPreviousItems ? d.PreviousItems : null, (d, v) => { if (v is { } x) { d.PreviousItems = x; } else { d.ClearPreviousItems(); } });
            AddCount($"s2.{id}.change", Sections.S2Proactive, CellKind.SignedCount, FormatSet.V2019, zh, "本年增/减", en, "change this year", Row, RowOrCreate,
                d => d.HasChange ? d.Change : null, (d, v) => { if (v is { } x) { d.Change = x; } else { d.ClearChange(); } });
            if (hasDecisions)
            {
                AddCount($"s2.{id}.decisions", Sections.S2Proactive, CellKind.Count, FormatSet.V2019, zh, "处理决定数量", en, "decisions", Row, RowOrCreate,
                    d => d.HasDecisions ? d.Decisions : null, (d, v) => { if (v is { } x) { d.Decisions = x; } else { d.ClearDecisions(); } });
            }
        }

        AddCount("s2.government_procurement.items", Sections.S2Proactive, CellKind.Count, FormatSet.V2019, "政府集中采购", "采购项目数量", "government procurement", "items",
            r => r.ProactiveDisclosure2019, Create,
            p => p.HasGovernmentProcurementItems ? p.GovernmentProcurementItems : null,
            (p, v) => { if (v is { } x) { p.GovernmentProcurementItems = x; } else { p.ClearGovernmentProcurementItems(); } });
        AddMoney("s2.government_procurement.amount", Sections.S2Proactive, CellKind.MoneyYuan, FormatSet.V2019, "政府集中采购", "采购总金额(元)", "government procurement", "amount (yuan)",
            r => r.ProactiveDisclosure2019, Create, p => p.GovernmentProcurementAmountYuan, (p, v) => p.GovernmentProcurementAmountYuan = v);
    }

    private static void BuildSection3()
    {
        foreach (var row in RequestRows)
        {
            RequestRow? Row(Report r) => r.Requests is { } h ? row.Get(h) : null;
            RequestRow RowOrCreate(Report r)
            {
                var h = r.Requests ??= new RequestHandling();
                if (row.Get(h) is { } existing)
                {
                    return existing;
                }

                var created = new RequestRow();
                row.Set(h, created);
                return created;
            }

            foreach (var column in RequestColumns)
            {
                AddCount($"s3.{row.Id}.{column.Id}", Sections.S3Requests, CellKind.Count, row.Formats,
                    row.LabelZh, column.LabelZh, row.LabelEn, column.LabelEn, Row, RowOrCreate, column.Get, column.Set);
            }
        }
    }

    private static void BuildSection4()
    {
        foreach (var group in ReviewGroups)
        {
            ReviewGroup? Row(Report r) => r.ReviewLitigation is { } l ? group.Get(l) : null;
            ReviewGroup RowOrCreate(Report r)
            {
                var l = r.ReviewLitigation ??= new ReviewLitigation();
                if (group.Get(l) is { } existing)
                {
                    return existing;
                }

                var created = new ReviewGroup();
                group.Set(l, created);
                return created;
            }

            foreach (var column in ReviewColumns)
            {
                AddCount($"s4.{group.Id}.{column.Id}", Sections.S4Review, CellKind.Count, FormatSet.Both,
                    group.LabelZh, column.LabelZh, group.LabelEn, column.LabelEn, Row, RowOrCreate, column.Get, column.Set);
            }
        }
    }

    private static void BuildSection6()
    {
        static OtherMatters Create(Report r) => r.OtherMatters ??= new();

        AddCount("s6.processing_fees.notices", Sections.S6Other, CellKind.Count, FormatSet.Both, "信息处理费", "收费通知件数", "processing fees", "notices issued",
            r => r.OtherMatters?.ProcessingFees, r => Create(r).ProcessingFees ??= new(),
            f => f.HasNotices ? f.Notices : null, (f, v) => { if (v is { } x) { f.Notices = x; } else { f.ClearNotices(); } });
        AddMoney("s6.processing_fees.amount", Sections.S6Other, CellKind.MoneyYuan, FormatSet.Both, "信息处理费", "收取金额(元)", "processing fees", "amount (yuan)",
            r => r.OtherMatters?.ProcessingFees, r => Create(r).ProcessingFees ??= new(), f => f.AmountYuan, (f, v) => f.AmountYuan = v);

        AddCount("s6.proposals.overall_results", Sections.S6Other, CellKind.Count, FormatSet.Both, "建议提案办理", "年度办理总体结果", "suggestions and proposals", "overall results published",
            r => r.OtherMatters?.Proposals, r => Create(r).Proposals ??= new(),
            p => p.HasOverallResults ? p.OverallResults : null, (p, v) => { if (v is { } x) { p.OverallResults = x; } else { p.ClearOverallResults(); } });
        AddCount("s6.proposals.deputy_suggestions", Sections.S6Other, CellKind.Count, FormatSet.Both, "建议提案办理", "人大代表建议", "suggestions and proposals", "NPC deputies' suggestions",
            r => r.OtherMatters?.Proposals, r => Create(r).Proposals ??= new(),
            p => p.HasDeputySuggestions ? p.DeputySuggestions : null, (p, v) => { if (v is { } x) { p.DeputySuggestions = x; } else { p.ClearDeputySuggestions(); } });
        AddCount("s6.proposals.cppcc_proposals", Sections.S6Other, CellKind.Count, FormatSet.Both, "建议提案办理", "政协委员提案", "suggestions and proposals", "CPPCC proposals",
            r => r.OtherMatters?.Proposals, r => Create(r).Proposals ??= new(),
            p => p.HasCppccProposals ? p.CppccProposals : null, (p, v) => { if (v is { } x) { p.CppccProposals = x; } else { p.ClearCppccProposals(); } });

        AddCount("s6.key_areas.major_construction", Sections.S6Other, CellKind.Count, FormatSet.Both, "重点领域", "重大建设项目", "key areas", "major construction projects",
            r => r.OtherMatters?.KeyAreas, r => Create(r).KeyAreas ??= new(),
            k => k.HasMajorConstruction ? k.MajorConstruction : null, (k, v) => { if (v is { } x) { k.MajorConstruction = x; } else { k.ClearMajorConstruction(); } });
        AddCount("s6.key_areas.public_welfare", Sections.S6Other, CellKind.Count, FormatSet.Both, "重点领域", "公益事业建设", "key areas", "public welfare",
            r => r.OtherMatters?.KeyAreas, r => Create(r).KeyAreas ??= new(),
            k => k.HasPublicWelfare ? k.PublicWelfare : null, (k, v) => { if (v is { } x) { k.PublicWelfare = x; } else { k.ClearPublicWelfare(); } });
        AddCount("s6.key_areas.public_resources", Sections.S6Other, CellKind.Count, FormatSet.Both, "重点领域", "公共资源配置", "key areas", "public resource allocation",
            r => r.OtherMatters?.KeyAreas, r => Create(r).KeyAreas ??= new(),
            k => k.HasPublicResources ? k.PublicResources : null, (k, v) => { if (v is { } x) { k.PublicResources = x; } else { k.ClearPublicResources(); } });
    }
}
