using System.Text.RegularExpressions;

namespace Aggregator.Import.Internal;

/// <summary>Recognises section headings and tells the three report tables apart by their labels.</summary>
internal static partial class ContentRecognizer
{
    public static readonly string[] SectionNames = ["", "一", "二", "三", "四", "五", "六"];

    /// <summary>Recognises a section heading such as "三、收到和处理政府信息公开申请情况".</summary>
    public static bool TryHeading(string text, out int section)
    {
        section = 0;
        var compact = TextNormalizer.Compact(text);
        if (compact.Length > 40)
        {
            return false;
        }

        var match = HeadingPattern().Match(compact);
        if (!match.Success)
        {
            return false;
        }

        var rest = match.Groups["rest"].Value;
        var number = Array.IndexOf(SectionNames, match.Groups["num"].Value);
        var fits = number switch
        {
            1 => rest.Contains("总体", StringComparison.Ordinal) || rest.Contains("概述", StringComparison.Ordinal),
            2 => rest.Contains("主动公开", StringComparison.Ordinal),
            3 => rest.Contains("申请", StringComparison.Ordinal),
            4 => rest.Contains("复议", StringComparison.Ordinal) || rest.Contains("诉讼", StringComparison.Ordinal),
            5 => rest.Contains("问题", StringComparison.Ordinal) || rest.Contains("改进", StringComparison.Ordinal),
            6 => rest.Contains("其他", StringComparison.Ordinal) || rest.Contains("其它", StringComparison.Ordinal) || rest.Contains("报告", StringComparison.Ordinal),
            _ => false,
        };
        if (fits)
        {
            section = number;
        }

        return fits;
    }

    /// <summary>Which report table (2, 3 or 4) a table is, from its labels; null when none.</summary>
    public static int? ClassifyTable(TableBlock table)
    {
        var text = string.Concat(table.Rows.SelectMany(r => r.InheritedLabels.Concat(r.Cells.Select(c => c.Text))).Select(TextNormalizer.Compact));
        if (ContainsAny(text, "自然人", "新收", "予以公开", "本年度办理结果", "结转下年", "不予公开"))
        {
            return 3;
        }

        if (text.Contains("复议", StringComparison.Ordinal) && (text.Contains("诉讼", StringComparison.Ordinal) || text.Contains("审结", StringComparison.Ordinal)))
        {
            return 4;
        }

        if (ContainsAny(text, "第二十条", "规章", "规范性文件", "行政许可", "行政处罚", "行政强制", "本年制发", "本年新制作", "行政事业性收费", "政府集中采购"))
        {
            return 2;
        }

        return null;
    }

    public static bool ContainsAny(string text, params string[] needles)
    {
        foreach (var needle in needles)
        {
            if (text.Contains(needle, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^(?<num>[一二三四五六])[、.,．:：](?<rest>.*)$", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex HeadingPattern();
}
