using System.Text.RegularExpressions;
using Aggregator.Contracts.V1;
using ProtoDecimal = Aggregator.Contracts.V1.Decimal;

namespace Aggregator.Import.Internal;

/// <summary>Sections 一, 五 and 六: narrative text, and the few figures worth structuring.</summary>
internal static partial class NarrativeParser
{
    private static readonly string[] s_partNumerals = ["一", "二", "三", "四", "五"];

    public static Overview ParseOverview(IReadOnlyList<string> paragraphs)
    {
        var overview = new Overview();
        var parts = new List<string>[6];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = [];
        }

        var current = 0;
        foreach (var paragraph in paragraphs)
        {
            var compact = TextNormalizer.Compact(paragraph);
            var match = PartHeading().Match(compact);
            if (match.Success)
            {
                current = PartOf(match.Groups["num"].Value, match.Groups["rest"].Value);
                if (IsHeadingOnly(compact))
                {
                    continue;
                }
            }

            parts[current].Add(paragraph);
        }

        overview.Introduction = Join(parts[0]);
        overview.ProactiveDisclosure = Join(parts[1]);
        overview.DisclosureOnRequest = Join(parts[2]);
        overview.InformationManagement = Join(parts[3]);
        overview.PlatformConstruction = Join(parts[4]);
        overview.Supervision = Join(parts[5]);

        var breakdown = ParseBreakdown(string.Join("\n", paragraphs));
        if (breakdown is not null)
        {
            overview.Breakdown = breakdown;
        }

        return overview;
    }

    /// <summary>
    /// "全年主动公开政府信息N条,其中A X条,B Y条…": the stated total and every "label N条" item of
    /// that sentence, in order. Items end at their count, not at commas (a label may hold commas).
    /// The 2019 format's 一 often states the total in one sentence and lists the categories after it
    /// ("…N条。其中,…" or "…N条,具体如下:" followed by numbered lines "1.机构职能类12条;"): these
    /// are read too.
    /// </summary>
    public static DisclosureBreakdown? ParseBreakdown(string text)
    {
        // Same length as the input: figures are read from the normalized text, labels are
        // taken from the text as printed (full-width punctuation kept).
        var normalized = TextNormalizer.Normalize(text, keepLength: true);
        var stated = StatedTotal().Match(normalized);
        if (!stated.Success)
        {
            return null;
        }

        var start = stated.Index + stated.Length;
        var end = SentenceEnd(normalized, start);
        var sentence = normalized[start..end];
        var intro = Intro(sentence);
        if (!intro.Success && end < normalized.Length)
        {
            // The categories in the next sentence: "。其中,…" or "。具体情况如下:…".
            var next = end + 1;
            while (next < normalized.Length && char.IsWhiteSpace(normalized[next]))
            {
                next++;
            }

            var nextEnd = SentenceEnd(normalized, next);
            var nextIntro = Intro(normalized[next..nextEnd]);
            if (nextIntro.Success && nextIntro.Index <= 8)
            {
                (start, end, intro) = (next, nextEnd, nextIntro);
            }
        }

        if (!intro.Success)
        {
            return null;
        }

        var breakdown = new DisclosureBreakdown { StatedTotal = ParseLong(stated.Groups["n"].Value) };
        var offset = start + intro.Index + intro.Length;
        foreach (Match item in BreakdownItem().Matches(normalized[offset..end]))
        {
            var label = CleanLabel(text.Substring(offset + item.Groups["label"].Index, item.Groups["label"].Length));
            if (label.Length == 0)
            {
                continue;
            }

            breakdown.Categories.Add(new DisclosureCategory { Name = TextNormalizer.WithoutInvisible(label), Count = ParseLong(item.Groups["n"].Value) });
        }

        return breakdown.Categories.Count > 0 ? breakdown : null;
    }

    /// <summary>Where the categories start: after "其中", else after "如下", "分别为" or a colon.</summary>
    private static Match Intro(string sentence) => sentence.Contains("其中", StringComparison.Ordinal) ? WhereOf().Match(sentence) : ListIntro().Match(sentence);

    /// <summary>
    /// The end of the sentence starting at <paramref name="start"/>: the next '。', or, for a list
    /// introduced by a colon, the end of its numbered lines.
    /// </summary>
    private static int SentenceEnd(string normalized, int start)
    {
        var stop = normalized.IndexOf('。', start);
        var newline = normalized.IndexOf('\n', start);
        if (newline < 0 || (stop >= 0 && stop < newline))
        {
            return stop < 0 ? normalized.Length : stop;
        }

        // A paragraph ends the sentence unless numbered lines follow ("1.机构职能类12条;").
        var end = newline;
        while (end < normalized.Length)
        {
            var lineStart = end + 1;
            var lineEnd = normalized.IndexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? normalized.Length : lineEnd;
            if (!ListLine().IsMatch(normalized[lineStart..lineEnd]))
            {
                break;
            }

            end = lineEnd;
        }

        return end;
    }
    public static Problems ParseProblems(IReadOnlyList<string> paragraphs)
    {
        var problems = new List<string>();
        var improvements = new List<string>();
        var target = problems;
        foreach (var paragraph in paragraphs)
        {
            var compact = TextNormalizer.Compact(paragraph);
            var match = PartHeading().Match(compact);
            if (match.Success)
            {
                if (match.Groups["num"].Value == "二")
                {
                    target = improvements;
                }

                if (IsHeadingOnly(compact))
                {
                    continue;
                }
            }

            target.Add(paragraph);
        }

        return new Problems { Problems_ = Join(problems), Improvements = Join(improvements) };
    }

    public static OtherMatters ParseOtherMatters(IReadOnlyList<string> paragraphs)
    {
        var text = Join(paragraphs);
        var matters = new OtherMatters { Text = text };
        var normalized = TextNormalizer.Normalize(text);

        var fees = ParseProcessingFees(normalized);
        if (fees is not null)
        {
            matters.ProcessingFees = fees;
        }

        var proposals = new ProposalHandling();
        SetIfFound(OverallResults(), normalized, v => proposals.OverallResults = v);
        SetIfFound(DeputySuggestions(), normalized, v => proposals.DeputySuggestions = v);
        SetIfFound(CppccProposals(), normalized, v => proposals.CppccProposals = v);
        if (proposals.HasOverallResults || proposals.HasDeputySuggestions || proposals.HasCppccProposals)
        {
            matters.Proposals = proposals;
        }

        var keyAreas = new KeyAreaDisclosure();
        SetIfFound(MajorConstruction(), normalized, v => keyAreas.MajorConstruction = v);
        SetIfFound(PublicWelfare(), normalized, v => keyAreas.PublicWelfare = v);
        SetIfFound(PublicResources(), normalized, v => keyAreas.PublicResources = v);
        if (keyAreas.HasMajorConstruction || keyAreas.HasPublicWelfare || keyAreas.HasPublicResources)
        {
            matters.KeyAreas = keyAreas;
        }

        return matters;
    }

    private static ProcessingFees? ParseProcessingFees(string text)
    {
        if (NoProcessingFees().IsMatch(text))
        {
            return new ProcessingFees { Notices = 0, AmountYuan = new ProtoDecimal { Value = "0" } };
        }

        foreach (var sentence in text.Split('。', '\n'))
        {
            if (!sentence.Contains("处理费", StringComparison.Ordinal))
            {
                continue;
            }

            var fees = new ProcessingFees();
            var notices = FeeNotices().Match(sentence);
            if (notices.Success)
            {
                fees.Notices = ParseLong(notices.Groups["n"].Value);
            }

            var amount = FeeAmount().Match(sentence);
            if (amount.Success)
            {
                var money = CellParser.ParseMoney(amount.Value, MoneyUnit.Yuan, MoneyUnit.Yuan);
                if (money.Kind == CellKind.Value)
                {
                    fees.AmountYuan = new ProtoDecimal { Value = money.Value };
                }
            }

            if (fees.HasNotices || fees.AmountYuan is not null)
            {
                return fees;
            }
        }

        return null;
    }

    private static void SetIfFound(Regex pattern, string text, Action<long> set)
    {
        var match = pattern.Match(text);
        if (match.Success)
        {
            set(ParseLong(match.Groups["n"].Value));
        }
    }

    private static long ParseLong(string digits) =>
        long.Parse(digits.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static string CleanLabel(string label)
    {
        var cleaned = label.Trim().Trim(',', '、', ';', ':', '，', '；', '：', ' ', '\n', '\u3000');
        var marker = ListMarker().Match(TextNormalizer.Normalize(cleaned, keepLength: true));
        cleaned = marker.Success ? cleaned[marker.Length..] : cleaned;
        cleaned = LeadingVerb().Replace(cleaned, "");
        cleaned = TrailingVerb().Replace(cleaned, "");
        return cleaned.Trim().Trim(',', '、', ';', ':', '，', '；', '：', ' ');
    }

    private static int PartOf(string numeral, string rest) =>
        rest.Contains("主动公开", StringComparison.Ordinal) ? 1
        : rest.Contains("依申请", StringComparison.Ordinal) ? 2
        : rest.Contains("信息管理", StringComparison.Ordinal) ? 3
        : rest.Contains("平台", StringComparison.Ordinal) ? 4
        : rest.Contains("监督", StringComparison.Ordinal) || rest.Contains("保障", StringComparison.Ordinal) ? 5
        : Array.IndexOf(s_partNumerals, numeral) + 1;

    private static bool IsHeadingOnly(string compact) => compact.Length <= 30 && compact.TrimEnd('。', '.').IndexOf('。', StringComparison.Ordinal) < 0;

    private static string Join(IEnumerable<string> paragraphs) => TextNormalizer.WithoutInvisible(string.Join("\n", paragraphs));

    [GeneratedRegex(@"^\((?<num>[一二三四五])\)(?<rest>.*)$", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex PartHeading();

    [GeneratedRegex(@"主动公开(?:各类)?(?:政府)?信息(?:共计|合计|共)?\s*(?<n>\d{1,3}(?:,\d{3})+|\d+)\s*条", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex StatedTotal();

    [GeneratedRegex("其中", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex WhereOf();

    [GeneratedRegex(@"如下|分别为|:", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex ListIntro();

    [GeneratedRegex(@"^\s*(?:\d{1,2}\s*[.、]|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}、)[^\n]*?\d+\s*条", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex ListLine();

    [GeneratedRegex(@"^\s*(?:\d{1,2}\s*[.、](?!\d)|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}、)\s*", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"(?<label>.*?)(?<n>\d{1,3}(?:,\d{3})+|\d+)\s*条", RegexOptions.Singleline, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex BreakdownItem();

    [GeneratedRegex(@"^(?:其中)?(?:共)?(?:发布|公开|更新)?", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex LeadingVerb();

    [GeneratedRegex(@"(?:共计|合计|共)?(?:更新|发布)?$", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex TrailingVerb();

    [GeneratedRegex(@"(没有|未|无)(产生|收取|发生|出现)[^。\n\d]{0,12}处理费|处理费[^。\n\d]{0,12}(为零|为0(?![\d.])|0(?:\.0+)?元)", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex NoProcessingFees();

    [GeneratedRegex(@"(?<n>\d+)\s*(件|份|次)", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex FeeNotices();

    [GeneratedRegex(@"\d{1,3}(?:,\d{3})+(?:\.\d+)?\s*万?元|\d+(?:\.\d+)?\s*万?元", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex FeeAmount();

    [GeneratedRegex(@"年度办理总体结果\D{0,8}?(?<n>\d+)\s*[条件个篇]", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex OverallResults();

    [GeneratedRegex(@"人大代表建议\D{0,10}?(?<n>\d+)\s*[条件个篇]", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex DeputySuggestions();

    [GeneratedRegex(@"政协委员提案\D{0,10}?(?<n>\d+)\s*[条件个篇]", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex CppccProposals();

    [GeneratedRegex(@"重大建设项目\D{0,14}?(?<n>\d+)\s*[条件个篇]", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex MajorConstruction();

    [GeneratedRegex(@"公益事业建设\D{0,10}?(?<n>\d+)\s*[条件个篇]", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex PublicWelfare();

    [GeneratedRegex(@"公共资源配置\D{0,10}?(?<n>\d+)\s*[条件个篇]", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex PublicResources();
}
