using System.Globalization;
using Aggregator.Domain.Cells;
using MiniExcelLibs;

namespace Aggregator.Export.Tests;

/// <summary>
/// The national layout as printed in fixtures/reports/zhanghe-2021.txt and REPORT-FORMAT.md, typed
/// out here independently of the exporter, plus readers for the exported files.
/// </summary>
internal static class National
{
    public const string Title2 = "二、主动公开政府信息情况";
    public const string Title3 = "三、收到和处理政府信息公开申请情况";
    public const string Title4 = "四、政府信息公开行政复议、行政诉讼情况";

    /// <summary>Table 二 (2021) of 漳河新区 exactly as the grid is printed (merged cells empty).</summary>
    public static readonly string[][] Zhanghe2 =
    [
        ["第二十条第(一)项", "", "", ""],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "5", "23", "55"],
        ["第二十条第(五)项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政许可", "3949", "", ""],
        ["第二十条第(六)项", "", "", ""],
        ["信息内容", "本年处理决定数量", "", ""],
        ["行政处罚", "895", "", ""],
        ["行政强制", "0", "", ""],
        ["第二十条第(八)项", "", "", ""],
        ["信息内容", "本年收费金额(单位:万元)", "", ""],
        ["行政事业性收费", "7.522", "", ""],
    ];

    /// <summary>Labels of table 二 in the 2019 format (row label column and header rows), in order.</summary>
    public static readonly string[][] Labels2For2019 =
    [
        ["第二十条第(一)项", "", "", ""],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章"],
        ["规范性文件"],
        ["第二十条第(五)项", "", "", ""],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可"],
        ["其他对外管理服务事项"],
        ["第二十条第(六)项", "", "", ""],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚"],
        ["行政强制"],
        ["第二十条第(八)项", "", "", ""],
        ["信息内容", "上一年项目数量", "本年增/减", ""],
        ["行政事业性收费"],
        ["第二十条第(九)项", "", "", ""],
        ["信息内容", "采购项目数量", "采购总金额(元)", ""],
        ["政府集中采购"],
    ];

    public static readonly string[][] Header3 =
    [
        ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "", "", "申请人情况", "", "", "", "", "", ""],
        ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"],
        ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""],
    ];

    /// <summary>The most specific printed label of each row of table 三 (2021 format, 25 rows), in order.</summary>
    public static readonly string[] Rows3For2021 =
    [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "(一)予以公开",
        "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
        "1.属于国家秘密",
        "2.其他法律行政法规禁止公开",
        "3.危及“三安全一稳定”",
        "4.保护第三方合法权益",
        "5.属于三类内部事务信息",
        "6.属于四类过程性信息",
        "7.属于行政执法案卷",
        "8.属于行政查询事项",
        "1.本机关不掌握相关政府信息",
        "2.没有现成信息需要另行制作",
        "3.补正后申请内容仍不明确",
        "1.信访举报投诉类申请",
        "2.重复申请",
        "3.要求提供公开出版物",
        "4.无正当理由大量反复申请",
        "5.要求行政机关确认或重新出具已获取信息",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
        "(七)总计",
        "四、结转下年度继续办理",
    ];

    /// <summary>Table 三 with 其他处理 as one row (2019 format, or the 2021 hybrid): 23 rows.</summary>
    public static readonly string[] Rows3OneOtherRow =
    [
        .. Rows3For2021.Take(20),
        "(六)其他处理",
        .. Rows3For2021.Skip(23),
    ];

    /// <summary>The catalog row id of each printed row, same order as <see cref="Rows3For2021"/>.</summary>
    public static readonly string[] RowIds3For2021 =
    [
        "new_requests", "carried_over", "granted", "partially_granted",
        "withheld.state_secret", "withheld.prohibited_by_law", "withheld.security_stability", "withheld.third_party_rights",
        "withheld.internal_affairs", "withheld.process_information", "withheld.enforcement_files", "withheld.administrative_query",
        "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear",
        "not_processed.petition", "not_processed.duplicate", "not_processed.publication", "not_processed.excessive", "not_processed.confirmation",
        "other_handling.no_correction", "other_handling.fee_unpaid", "other_handling.other",
        "results_total", "carried_forward",
    ];

    public static readonly string[] RowIds3OneOtherRow = [.. RowIds3For2021.Take(20), "other_handling.total", .. RowIds3For2021.Skip(23)];

    public static readonly string[] Columns3 = ["natural_person", "commercial_enterprise", "research_institution", "social_welfare_org", "legal_service_org", "other_org", "total"];

    public static readonly string[][] Header4 =
    [
        ["行政复议", "", "", "", "", "行政诉讼", "", "", "", "", "", "", "", "", ""],
        ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
        ["", "", "", "", "", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
    ];

    public static readonly string[] Groups4 = ["reconsideration", "litigation_direct", "litigation_after_reconsideration"];
    public static readonly string[] Columns4 = ["upheld", "corrected", "other", "pending", "total"];

    /// <summary>The most specific label of a data row of table 三 (its last non-empty label cell).</summary>
    public static string Leaf(string[] row) => row.Take(3).Last(l => l.Length > 0);

    /// <summary>One sheet read back with MiniExcel: every row as its cells' raw values (A, B, …).</summary>
    public static List<object?[]> Sheet(byte[] xlsx, string sheet)
    {
        using var stream = new MemoryStream(xlsx);
        var rows = MiniExcel.Query(stream, useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
        var width = rows.Count == 0 ? 0 : rows.Max(r => r.Count);
        return [.. rows.Select(r => Enumerable.Range(0, width).Select(c => r.TryGetValue(Column(c), out var v) ? v : null).ToArray())];
    }

    public static IReadOnlyList<string> SheetNames(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        return MiniExcel.GetSheetNames(stream);
    }

    /// <summary>A read-back cell as text: numbers through their shortest round-trip form, exactly.</summary>
    public static string Show(object? value) => value switch
    {
        null => "",
        double d => ExactDecimal.Format(decimal.Parse(d.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture)),
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static string[] Show(object?[] row) => [.. row.Select(Show)];

    public static string Column(int index)
    {
        var letters = "";
        for (var c = index + 1; c > 0; c = (c - 1) / 26)
        {
            letters = (char)('A' + ((c - 1) % 26)) + letters;
        }

        return letters;
    }
}
