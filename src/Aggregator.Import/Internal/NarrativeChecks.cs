using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Rules;
using Finding = Aggregator.Domain.Rules.Finding;
using FindingKind = Aggregator.Domain.Rules.FindingKind;
using Severity = Aggregator.Domain.Rules.Severity;

namespace Aggregator.Import.Internal;

/// <summary>
/// Compares the figures stated in the narrative of 一、总体情况 with the tables: requests received
/// (<see cref="RuleCatalog.NarrativeReceived"/>), results by kind (<see cref="RuleCatalog.NarrativeResults"/>),
/// requests carried over (<see cref="RuleCatalog.NarrativeCarriedOver"/>), reconsideration and litigation
/// cases (<see cref="RuleCatalog.NarrativeReviewLitigation"/>) and normative documents in force
/// (<see cref="RuleCatalog.NarrativeInForce"/>). Only the usual phrasings with a figure in digits are
/// read, one statement a sentence: a sentence not recognised, one that mixes figures (收到申请N件(含上年结转M件)),
/// or a table cell not reported is not assessed, so a phrasing the patterns miss never gives a false warning.
/// </summary>
internal static partial class NarrativeChecks
{
    private const RegexOptions Options = RegexOptions.CultureInvariant;

    /// <summary>The warnings for the statements that disagree with the tables; nothing for those that agree or are not recognised.</summary>
    public static IEnumerable<Finding> Check(Report report, IEnumerable<string> paragraphs)
    {
        foreach (var sentence in paragraphs.SelectMany(Sentences))
        {
            var text = TextNormalizer.Normalize(sentence);
            foreach (var finding in CheckSentence(report, sentence, text))
            {
                yield return finding;
            }
        }
    }

    private static IEnumerable<Finding> CheckSentence(Report report, string sentence, string text)
    {
        var requests = report.Requests;
        if (requests is not null)
        {
            // 收到/受理/新收…申请N件; a sentence that also speaks of 结转 may count both and is left alone.
            if (Received().Match(text) is { Success: true } received && !text.Contains("结转", StringComparison.Ordinal)
                && Compare(RuleCatalog.NarrativeReceived, sentence, received, requests.NewRequests?.HasTotal == true ? requests.NewRequests.Total : null,
                    "s3.new_requests.total", "本年新收政府信息公开申请数量", "requests received this year") is { } f1)
            {
                yield return f1;
            }

            if (CarriedOver().Match(text) is { Success: true } carried
                && Compare(RuleCatalog.NarrativeCarriedOver, sentence, carried, requests.CarriedOver?.HasTotal == true ? requests.CarriedOver.Total : null,
                    "s3.carried_over.total", "上年结转政府信息公开申请数量", "requests carried over from last year") is { } f2)
            {
                yield return f2;
            }

            foreach (var (pattern, kind) in s_results)
            {
                if (pattern.Match(text) is { Success: true } m
                    && Compare(RuleCatalog.NarrativeResults, sentence, m, kind.Table(requests), kind.Cells, kind.Zh, kind.En) is { } f3)
                {
                    yield return f3;
                }
            }
        }

        if (report.ReviewLitigation is { } review)
        {
            if (Reconsideration().Match(text) is { Success: true } r
                && Compare(RuleCatalog.NarrativeReviewLitigation, sentence, r, review.Reconsideration?.HasTotal == true ? review.Reconsideration.Total : null,
                    "s4.reconsideration.total", "行政复议总计", "reconsideration cases in total") is { } f4)
            {
                yield return f4;
            }

            long? litigation = review.LitigationDirect?.HasTotal == true && review.LitigationAfterReconsideration?.HasTotal == true
                ? review.LitigationDirect.Total + review.LitigationAfterReconsideration.Total
                : null;
            if (Litigation().Match(text) is { Success: true } l
                && Compare(RuleCatalog.NarrativeReviewLitigation, sentence, l, litigation,
                    "s4.litigation_direct.total+s4.litigation_after_reconsideration.total", "行政诉讼总计(未经复议直接起诉与复议后起诉)", "litigation cases in total (direct and after reconsideration)") is { } f5)
            {
                yield return f5;
            }
        }

        if (report.ProactiveDisclosure?.NormativeDocuments is { HasInForce: true } normative
            && InForce().Match(text) is { Success: true } n
            && Compare(RuleCatalog.NarrativeInForce, sentence, n, normative.InForce,
                "s2.normative_documents.in_force", "行政规范性文件现行有效件数", "normative documents in force") is { } f6)
        {
            yield return f6;
        }
    }

    private static Finding? Compare(string rule, string sentence, Match match, long? table, string cells, string zh, string en)
    {
        if (table is not long tableValue
            || !long.TryParse(match.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var stated)
            || stated == tableValue)
        {
            return null;
        }

        var quoted = sentence.Trim();
        var s = stated.ToString(CultureInfo.InvariantCulture);
        var t = tableValue.ToString(CultureInfo.InvariantCulture);
        var message = Aggregator.Domain.Text.Messages.Rules.NarrativeDiffers(quoted, new(zh, en), s, t);
        return new Finding(rule, Severity.Warning, FindingKind.Violated, [.. cells.Split('+')], s, t, message.Zh, message.En);
    }

    /// <summary>Sentences: split at 。；; and line breaks.</summary>
    private static IEnumerable<string> Sentences(string paragraph) =>
        SentenceEnd().Split(paragraph).Where(s => s.Trim().Length > 0);

    /// <summary>A result kind of 三 stated in the narrative, and its figure in the table (total column).</summary>
    /// <param name="Cells">The cell paths of the table figure, joined by '+' when it is a sum.</param>
    private sealed record ResultKind(string Cells, string Zh, string En, Func<RequestHandling, long?> Table);

    private static string Rows(string group, params string[] items) => string.Join('+', items.Select(i => $"s3.{group}.{i}.total"));

    private static long? Total(RequestRow? row) => row?.HasTotal == true ? row.Total : null;

    private static long? Sum(params RequestRow?[] rows) => rows.All(r => r?.HasTotal == true) ? rows.Sum(r => r!.Total) : null;

    private static readonly (Regex Pattern, ResultKind Kind)[] s_results =
    [
        (Kind("(?<!部分|不予)予以公开"), new("s3.granted.total", "予以公开", "requests granted", r => Total(r.Granted))),
        (Kind("部分公开"), new("s3.partially_granted.total", "部分公开", "requests partly granted", r => Total(r.PartiallyGranted))),
        (Kind("不予公开"), new(Rows("withheld", "state_secret", "prohibited_by_law", "security_stability", "third_party_rights", "internal_affairs", "process_information", "enforcement_files", "administrative_query"), "不予公开", "requests withheld", r => Sum(r.WithheldStateSecret, r.WithheldProhibitedByLaw, r.WithheldSecurityStability,
            r.WithheldThirdPartyRights, r.WithheldInternalAffairs, r.WithheldProcessInformation, r.WithheldEnforcementFiles, r.WithheldAdministrativeQuery))),
        (Kind("无法提供"), new(Rows("unavailable", "not_held", "needs_creation", "unclear"), "无法提供", "requests where the information could not be provided", r => Sum(r.UnavailableNotHeld, r.UnavailableNeedsCreation, r.UnavailableUnclear))),
        (Kind("不予处理"), new(Rows("not_processed", "petition", "duplicate", "publication", "excessive", "confirmation"), "不予处理", "requests not processed", r => Sum(r.NotProcessedPetition, r.NotProcessedDuplicate, r.NotProcessedPublication,
            r.NotProcessedExcessive, r.NotProcessedConfirmation))),
        (Kind("结转下年度(?:继续办理)?"), new("s3.carried_forward.total", "结转下年度继续办理", "requests carried forward to next year", r => Total(r.CarriedForward))),
    ];

    /// <summary>"予以公开15件", "予以公开的15件", "予以公开共15件".</summary>
    private static Regex Kind(string kind) =>
        new($"{kind}(?:的|类|申请)?(?:共|共计|合计)?(?<n>\\d+)(?:件|个|条|项)", Options, TimeSpan.FromMilliseconds(ImportLimits.RegexTimeoutMilliseconds));

    [GeneratedRegex(@"(?:收到|受理|接收|新收|接到)[^。;,:]{0,16}?申请(?:共|共计|合计)?(?<n>\d+)(?:件|个|条|份|项)", Options, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex Received();

    [GeneratedRegex(@"上年(?:度)?结转[^。;,:\d]{0,16}?(?<n>\d+)(?:件|个|条|份|项)", Options, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex CarriedOver();

    [GeneratedRegex(@"行政复议(?:案件|申请)?(?:共|共计|合计)?(?<n>\d+)(?:件|起|个|宗)", Options, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex Reconsideration();

    [GeneratedRegex(@"行政诉讼(?:案件)?(?:共|共计|合计)?(?<n>\d+)(?:件|起|个|宗)", Options, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex Litigation();

    [GeneratedRegex(@"现行有效(?:的)?(?:行政)?规范性文件(?:共|共计|合计)?(?<n>\d+)(?:件|份|个|部)|(?:行政)?规范性文件[^。;,:\d]{0,6}?现行有效(?:的)?(?:共|共计|合计)?(?<n>\d+)(?:件|份|个|部)", Options, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex InForce();

    [GeneratedRegex(@"[。；;！!？?\n]", Options, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex SentenceEnd();
}
