using System.Text.RegularExpressions;
using Aggregator.Domain.Rules;

namespace Aggregator.Import.Internal;

/// <summary>
/// Printed row labels against the national ones: a label printed with its full path is split into
/// its segments; a label that differs from the national one only in width, spaces, quotes or the
/// item number's punctuation is the national label; any other difference is reported as an
/// <see cref="RuleCatalog.RowLabel"/> warning naming the printed and the national label.
/// </summary>
internal static partial class RowLabels
{
    /// <summary>
    /// Splits a compacted label such as <c>三、本年度办理结果(六)其他处理3.其他</c> into its path
    /// (<c>三、本年度办理结果</c>, <c>(六)其他处理</c>) and its own item (<c>3.其他</c>).
    /// A label without inner markers is its own item.
    /// </summary>
    public static (IReadOnlyList<string> Path, string Item) SplitPath(string label)
    {
        var parts = PathMarker().Split(label).Where(p => p.Length > 0).ToList();
        return parts.Count <= 1 ? ([], label) : (parts[..^1], parts[^1]);
    }

    /// <summary>The form in which two labels are compared: compacted, item number as <c>n.</c>.</summary>
    public static string Canonical(string label) =>
        ItemNumber().Replace(TextNormalizer.Compact(label), m => m.Groups["n"].Value + ".", 1);

    /// <summary>True when the printed label is the national one (after <see cref="Canonical"/>).</summary>
    public static bool Same(string printed, string national) =>
        string.Equals(Canonical(printed), Canonical(national), StringComparison.Ordinal);

    /// <summary>
    /// How much of the two labels' text (item numbers left out) they share, 0..1: the longest common
    /// subsequence of characters over the longer text.
    /// </summary>
    public static double Similarity(string printed, string national)
    {
        var a = StripNumber(Canonical(printed));
        var b = StripNumber(Canonical(national));
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = a[i - 1] == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            }

            (previous, current) = (current, previous);
        }

        return (double)previous[b.Length] / Math.Max(a.Length, b.Length);
    }

    /// <summary>The item number a label starts with (<c>2.</c>, <c>(2)</c>, <c>2、</c>), if any.</summary>
    public static int? NumberOf(string label)
    {
        var match = ItemNumber().Match(Canonical(label));
        return match.Success ? int.Parse(match.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The <see cref="RuleCatalog.RowLabel"/> warning for a row placed under a label that differs from the national one.</summary>
    public static Finding Warning(int section, SourceLocation location, string printed, string national, IEnumerable<string> cells)
    {
        var message = Aggregator.Domain.Text.Messages.Import.RowLabelDiffers(ContentRecognizer.SectionNames[section], location.Text, printed, national);
        return new Finding(RuleCatalog.RowLabel, Severity.Warning, FindingKind.Violated, [.. cells], printed, national, message.Zh, message.En);
    }

    /// <summary>
    /// Traditional characters of the national labels mapped to their simplified forms, so that a
    /// label printed in traditional characters is still recognised (and reported as different).
    /// </summary>
    public static string Simplified(string label)
    {
        var chars = label.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var k = Traditional.IndexOf(chars[i], StringComparison.Ordinal);
            if (k >= 0)
            {
                chars[i] = SimplifiedForms[k];
            }
        }

        return new string(chars);
    }

    private const string Traditional = "屬於國開規護權務內過執檔詢無關現製補請確認處複訴舉報類險結轉總計數穩產業構會組織機達費資災條門處個與為應當辦業們從來時間問題進這還發對經義準體點線見論與號參齊陳預頁單區縣員當醫藥學歲專稅統領導議讓許決記錄權項譽";
    private const string SimplifiedForms = "属于国开规护权务内过执档询无关现制补请确认处复诉举报类险结转总计数稳产业构会组织机达费资灾条门处个与为应当办业们从来时间问题进这还发对经义准体点线见论与号参齐陈预页单区县员当医药学岁专税统领导议让许决记录权项誉";

    private static string StripNumber(string canonical) => ItemNumber().Replace(canonical, "", 1);

    /// <summary>Before an inner path marker: 三、 / (六) / 3. not at the start of the label.</summary>
    [GeneratedRegex(@"(?<=.)(?=[一二三四五六七八九十]、|\([一二三四五六七八九十]\)|(?<!\d)\d{1,2}[.、](?!\d))", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex PathMarker();

    [GeneratedRegex(@"^\(?(?<n>\d{1,2})(?:[).、,]|\)\.?)", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex ItemNumber();
}
