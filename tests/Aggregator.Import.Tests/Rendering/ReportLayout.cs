using Aggregator.Contracts.V1;

namespace Aggregator.Import.Tests.Rendering;

/// <summary>One data row of table 三 as printed: its top-level label, group label, item label and cells.</summary>
internal sealed record RequestRowLayout(string? Top, string? Group, string Item, Func<RequestHandling, RequestRow?> Get);

/// <summary>The printed layout of the report tables, shared by the test renderers.</summary>
internal static class ReportLayout
{
    public const string Result = "三、本年度办理结果";

    public static IReadOnlyList<RequestRowLayout> RequestRows(bool singleOtherHandlingRow)
    {
        var rows = new List<RequestRowLayout>
        {
            new(null, null, "一、本年新收政府信息公开申请数量", h => h.NewRequests),
            new(null, null, "二、上年结转政府信息公开申请数量", h => h.CarriedOver),
            new(Result, null, "(一)予以公开", h => h.Granted),
            new(Result, null, "(二)部分公开(区分处理的,只计这一情形,不计其他情形)", h => h.PartiallyGranted),
            new(Result, "(三)不予公开", "1.属于国家秘密", h => h.WithheldStateSecret),
            new(Result, "(三)不予公开", "2.其他法律行政法规禁止公开", h => h.WithheldProhibitedByLaw),
            new(Result, "(三)不予公开", "3.危及“三安全一稳定”", h => h.WithheldSecurityStability),
            new(Result, "(三)不予公开", "4.保护第三方合法权益", h => h.WithheldThirdPartyRights),
            new(Result, "(三)不予公开", "5.属于三类内部事务信息", h => h.WithheldInternalAffairs),
            new(Result, "(三)不予公开", "6.属于四类过程性信息", h => h.WithheldProcessInformation),
            new(Result, "(三)不予公开", "7.属于行政执法案卷", h => h.WithheldEnforcementFiles),
            new(Result, "(三)不予公开", "8.属于行政查询事项", h => h.WithheldAdministrativeQuery),
            new(Result, "(四)无法提供", "1.本机关不掌握相关政府信息", h => h.UnavailableNotHeld),
            new(Result, "(四)无法提供", "2.没有现成信息需要另行制作", h => h.UnavailableNeedsCreation),
            new(Result, "(四)无法提供", "3.补正后申请内容仍不明确", h => h.UnavailableUnclear),
            new(Result, "(五)不予处理", "1.信访举报投诉类申请", h => h.NotProcessedPetition),
            new(Result, "(五)不予处理", "2.重复申请", h => h.NotProcessedDuplicate),
            new(Result, "(五)不予处理", "3.要求提供公开出版物", h => h.NotProcessedPublication),
            new(Result, "(五)不予处理", "4.无正当理由大量反复申请", h => h.NotProcessedExcessive),
            new(Result, "(五)不予处理", "5.要求行政机关确认或重新出具已获取信息", h => h.NotProcessedConfirmation),
        };
        if (singleOtherHandlingRow)
        {
            rows.Add(new(Result, null, "(六)其他处理", h => h.OtherHandlingTotal));
        }
        else
        {
            rows.Add(new(Result, "(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", h => h.OtherHandlingNoCorrection));
            rows.Add(new(Result, "(六)其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", h => h.OtherHandlingFeeUnpaid));
            rows.Add(new(Result, "(六)其他处理", "3.其他", h => h.OtherHandlingOther));
        }

        rows.Add(new(Result, null, "(七)总计", h => h.ResultsTotal));
        rows.Add(new(null, null, "四、结转下年度继续办理", h => h.CarriedForward));
        return rows;
    }

    public static long?[] Cells(RequestRow? row) => row is null
        ? new long?[7]
        :
        [
            row.HasNaturalPerson ? row.NaturalPerson : null,
            row.HasCommercialEnterprise ? row.CommercialEnterprise : null,
            row.HasResearchInstitution ? row.ResearchInstitution : null,
            row.HasSocialWelfareOrg ? row.SocialWelfareOrg : null,
            row.HasLegalServiceOrg ? row.LegalServiceOrg : null,
            row.HasOtherOrg ? row.OtherOrg : null,
            row.HasTotal ? row.Total : null,
        ];

    public static long?[] Cells(ReviewLitigation review) =>
        [.. Group(review.Reconsideration), .. Group(review.LitigationDirect), .. Group(review.LitigationAfterReconsideration)];

    public static long?[] Cells(DocumentCounts? counts) => counts is null
        ? new long?[3]
        : [counts.HasIssued ? counts.Issued : null, counts.HasRepealed ? counts.Repealed : null, counts.HasInForce ? counts.InForce : null];

    private static long?[] Group(ReviewGroup? g) => g is null
        ? new long?[5]
        : [g.HasUpheld ? g.Upheld : null, g.HasCorrected ? g.Corrected : null, g.HasOther ? g.Other : null, g.HasPending ? g.Pending : null, g.HasTotal ? g.Total : null];
}

/// <summary>Seeded choices of how a renderer prints a figure or an unreported cell, as real pages vary.</summary>
internal sealed class PrintStyle(int seed)
{
    private static readonly string[] s_notReported = ["", "—", "/", "无", "-", "－", "——"];
    private readonly Random _random = new(seed);

    public string NotReported() => s_notReported[_random.Next(s_notReported.Length)];

    public string Count(long value)
    {
        return _random.Next(6) switch
        {
            0 => FullWidth(value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            1 when value >= 1000 => value.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture),
            2 when value >= 1000 => value.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture).Replace(',', '，'),
            3 => " " + value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " ",
            _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    public string Money(string value) => _random.Next(3) == 0 ? FullWidth(value) : value;

    public int Next(int max) => _random.Next(max);

    public static string FullWidth(string text) =>
        string.Concat(text.Select(c => c is >= '0' and <= '9' ? (char)(c - '0' + '０') : c == '.' ? '．' : c));
}
