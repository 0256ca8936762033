using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Rules;
using Contract = Aggregator.Contracts.V1;

namespace Aggregator.Domain.Mapping;

/// <summary>The outcome of reading a contract message: the domain report, or what is wrong with the message.</summary>
public sealed record MappingResult(AnnualReport? Report, ImmutableArray<Finding> Errors)
{
    public bool Success => Report is not null && Errors.IsEmpty;
}

/// <summary>Converts between the contract's <see cref="Contract.Report"/> and <see cref="AnnualReport"/>, losslessly.</summary>
public static class ReportMapper
{
    public const string UnitIdRule = "C.unit_id";
    public const string YearRule = "C.year";
    public const string FormatRule = "C.format";
    public const string DecimalRule = "C.decimal";
    public const string TextRule = "C.text";

    /// <summary>Longest narrative field accepted (characters).</summary>
    public const int MaxNarrativeLength = 50_000;

    /// <summary>Most categories accepted in the breakdown of section 一.</summary>
    public const int MaxBreakdownCategories = 200;

    public static Contract.FormatVersion ToProto(ReportFormat format) =>
        format == ReportFormat.V2019 ? Contract.FormatVersion._2019 : Contract.FormatVersion._2021;

    public static ReportFormat? FromProto(Contract.FormatVersion format) => format switch
    {
        Contract.FormatVersion._2019 => ReportFormat.V2019,
        Contract.FormatVersion._2021 => ReportFormat.V2021,
        _ => null,
    };

    /// <summary>Which sections a contract message carries.</summary>
    public static Sections SectionsOf(Contract.Report report)
    {
        var s = Sections.None;
        if (report.Overview is not null) { s |= Sections.S1Overview; }
        if (report.ProactiveDisclosure is not null || report.ProactiveDisclosure2019 is not null) { s |= Sections.S2Proactive; }
        if (report.Requests is not null) { s |= Sections.S3Requests; }
        if (report.ReviewLitigation is not null) { s |= Sections.S4Review; }
        if (report.Problems is not null) { s |= Sections.S5Problems; }
        if (report.OtherMatters is not null) { s |= Sections.S6Other; }
        return s;
    }

    /// <summary>Reads a report (a stored one always loads, whatever its year).</summary>
    public static MappingResult ToDomain(Contract.Report report) => ToDomain(report, latestYear: null);

    /// <summary>
    /// Reads an incoming report (submission, backfill): as <see cref="ToDomain(Contract.Report)"/>, and a
    /// year after <paramref name="latestYear"/> (<see cref="ReportYear.LatestAt"/>: next year in
    /// Asia/Shanghai by default) is refused (C.year).
    /// </summary>
    public static MappingResult ToDomain(Contract.Report report, int? latestYear)
    {
        var errors = ImmutableArray.CreateBuilder<Finding>();
        void Error(string rule, string field, string zh, string en, string reported = "") =>
            errors.Add(new Finding(rule, Severity.Error, FindingKind.Violated, [field], reported, "", zh, en));

        if (!UnitId.IsValid(report.UnitId))
        {
            Error(UnitIdRule, "unit_id", $"填报单位标识无效:'{Clip(report.UnitId)}'(1至{UnitId.MaxLength}个字母、数字、.、_、-)",
                $"Invalid unit id '{Clip(report.UnitId)}' (1..{UnitId.MaxLength} of letters, digits, '.', '_', '-')", Clip(report.UnitId));
        }

        if (!ReportYear.IsValid(report.Year))
        {
            Error(YearRule, "year", $"报告年度 {report.Year} 超出范围 {ReportYear.Min}–{ReportYear.Max}",
                $"Report year {report.Year} is outside {ReportYear.Min}..{ReportYear.Max}", report.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (report.Year > latestYear)
        {
            Error(YearRule, "year", $"报告年度 {report.Year} 晚于可报送的最晚年度 {latestYear}(按北京时间)",
                $"Report year {report.Year} is after {latestYear}, the latest year a report can be about now (Asia/Shanghai)", report.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var format = FromProto(report.Format);
        if (format is null)
        {
            Error(FormatRule, "format", "未说明报告格式(FORMAT_VERSION_2019 或 FORMAT_VERSION_2021)",
                "The report format is not stated (FORMAT_VERSION_2019 or FORMAT_VERSION_2021)");
        }
        else
        {
            if (ReportYear.IsValid(report.Year) && new ReportYear(report.Year).DefaultFormat != format)
            {
                Error(FormatRule, "format", $"{report.Year} 年度报告应使用 {new ReportYear(report.Year).DefaultFormat switch { ReportFormat.V2019 => "2019", _ => "2021" }} 版格式",
                    $"A report for {report.Year} must use the {(new ReportYear(report.Year).DefaultFormat == ReportFormat.V2019 ? "2019" : "2021")} format");
            }

            if (format == ReportFormat.V2019 && report.ProactiveDisclosure is not null)
            {
                Error(FormatRule, "s2", "2019 版格式的报告应填写 proactive_disclosure_2019", "A 2019-format report must carry proactive_disclosure_2019, not proactive_disclosure");
            }

            if (format == ReportFormat.V2021 && report.ProactiveDisclosure2019 is not null)
            {
                Error(FormatRule, "s2", "2021 版格式的报告应填写 proactive_disclosure", "A 2021-format report must carry proactive_disclosure, not proactive_disclosure_2019");
            }

            if (format == ReportFormat.V2019 && report.Requests is { } r &&
                (r.OtherHandlingNoCorrection is not null || r.OtherHandlingFeeUnpaid is not null || r.OtherHandlingOther is not null))
            {
                Error(FormatRule, "s3.other_handling", "2019 版格式的(六)其他处理只有一行,应填写 other_handling_total",
                    "In the 2019 format 其他处理 is a single row: use other_handling_total");
            }
        }

        var figures = new Figures.Builder();
        foreach (var cell in CellCatalog.All)
        {
            if (cell.IsMoney && cell.ReadRaw(report) is { } raw && !ExactDecimal.TryParse(raw, out _))
            {
                Error(DecimalRule, cell.Path, $"「{cell.LabelZh}」金额格式无效:'{Clip(raw)}'(应为如 7.522 的十进制数)",
                    $"'{cell.LabelEn}': invalid decimal '{Clip(raw)}' (expected e.g. 7.522)", Clip(raw));
                continue;
            }

            if (format is { } f && !cell.Formats.Contains(f))
            {
                continue;
            }

            figures.Set(cell.Id, cell.Read(report));
        }

        var narratives = Narratives.Empty;
        if (report.Overview is { } o)
        {
            narratives = narratives with
            {
                Introduction = o.Introduction,
                ProactiveDisclosure = o.ProactiveDisclosure,
                DisclosureOnRequest = o.DisclosureOnRequest,
                InformationManagement = o.InformationManagement,
                PlatformConstruction = o.PlatformConstruction,
                Supervision = o.Supervision,
            };
        }

        if (report.Problems is { } p)
        {
            narratives = narratives with { Problems = p.Problems_, Improvements = p.Improvements };
        }

        if (report.OtherMatters is { } m)
        {
            narratives = narratives with { OtherMatters = m.Text };
        }

        foreach (var (field, text) in narratives.All())
        {
            CheckText(field, text, MaxNarrativeLength, Error);
        }

        var breakdown = ImmutableArray<DisclosureCategory>.Empty;
        if (report.Overview?.Breakdown is { } b)
        {
            if (b.Categories.Count > MaxBreakdownCategories)
            {
                Error(TextRule, "s1.breakdown.categories", $"主动公开分类过多({b.Categories.Count} > {MaxBreakdownCategories})",
                    $"Too many breakdown categories ({b.Categories.Count} > {MaxBreakdownCategories})");
            }

            breakdown = [.. b.Categories.Select(c => new DisclosureCategory(c.Name, c.HasCount ? c.Count : null))];
            for (var i = 0; i < breakdown.Length && i < MaxBreakdownCategories; i++)
            {
                CheckText($"s1.breakdown.categories[{i}].name", breakdown[i].Name, 200, Error);
                if (breakdown[i].Count is < 0)
                {
                    errors.Add(new Finding(RuleCatalog.NonNegative, Severity.Error, FindingKind.Violated, [$"s1.breakdown.categories[{i}].count"],
                        Finding.Show(breakdown[i].Count), "0", $"主动公开分类「{Clip(breakdown[i].Name)}」数量不得为负数", $"Breakdown category '{Clip(breakdown[i].Name)}' must not be negative"));
                }
            }
        }

        if (errors.Count > 0 || format is not { } validFormat)
        {
            return new MappingResult(null, errors.ToImmutable());
        }

        var domain = new AnnualReport(
            new UnitId(report.UnitId),
            new ReportYear(report.Year),
            validFormat,
            SectionsOf(report),
            figures.Build(),
            narratives,
            breakdown);
        return new MappingResult(domain, []);
    }

    public static Contract.Report ToProto(AnnualReport report)
    {
        var pb = new Contract.Report
        {
            UnitId = report.Unit.Value,
            Year = report.Year.Value,
            Format = ToProto(report.Format),
        };

        var s = report.Present;
        var n = report.Narratives;
        if ((s & Sections.S1Overview) != 0)
        {
            pb.Overview = new Contract.Overview
            {
                Introduction = n.Introduction,
                ProactiveDisclosure = n.ProactiveDisclosure,
                DisclosureOnRequest = n.DisclosureOnRequest,
                InformationManagement = n.InformationManagement,
                PlatformConstruction = n.PlatformConstruction,
                Supervision = n.Supervision,
            };
            if (report.HasBreakdown)
            {
                pb.Overview.Breakdown = new Contract.DisclosureBreakdown();
                foreach (var c in report.Breakdown)
                {
                    var category = new Contract.DisclosureCategory { Name = c.Name };
                    if (c.Count is { } count)
                    {
                        category.Count = count;
                    }

                    pb.Overview.Breakdown.Categories.Add(category);
                }
            }
        }

        if ((s & Sections.S2Proactive) != 0)
        {
            if (report.Format == ReportFormat.V2019)
            {
                pb.ProactiveDisclosure2019 = new Contract.ProactiveDisclosure2019();
            }
            else
            {
                pb.ProactiveDisclosure = new Contract.ProactiveDisclosure();
            }
        }

        if ((s & Sections.S3Requests) != 0)
        {
            pb.Requests = new Contract.RequestHandling();
        }

        if ((s & Sections.S4Review) != 0)
        {
            pb.ReviewLitigation = new Contract.ReviewLitigation();
        }

        if ((s & Sections.S5Problems) != 0)
        {
            pb.Problems = new Contract.Problems { Problems_ = n.Problems, Improvements = n.Improvements };
        }

        if ((s & Sections.S6Other) != 0)
        {
            pb.OtherMatters = new Contract.OtherMatters { Text = n.OtherMatters };
        }

        foreach (var (cell, value) in report.Figures)
        {
            var def = cell.Definition;
            if ((s & def.Section) != 0 && def.Formats.Contains(report.Format))
            {
                def.Write(pb, value);
            }
        }

        return pb;
    }

    private static void CheckText(string field, string text, int maxLength, Action<string, string, string, string, string> error)
    {
        if (text.Length > maxLength)
        {
            error(TextRule, field, $"文本过长({text.Length} 字符,上限 {maxLength})", $"Text too long ({text.Length} characters, at most {maxLength})", text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || (char.IsSurrogate(c) && !IsValidSurrogatePair(text, i)))
            {
                error(TextRule, field, $"文本含有控制字符或无效字符(位置 {i})", $"Text contains a control or invalid character at position {i}", $"U+{(int)c:X4}");
                return;
            }

            var codePoint = char.IsHighSurrogate(c) ? char.ConvertToUtf32(c, text[i + 1]) : c;
            if (InvisibleCharacter(codePoint) is { } kind)
            {
                error(TextRule, field, $"文本含有不可见或保留字符 U+{codePoint:X4}({kind.Zh},位置 {i})",
                    $"Text contains an invisible or reserved character U+{codePoint:X4} ({kind.En}) at position {i}", $"U+{codePoint:X4}");
                return;
            }

            if (char.IsHighSurrogate(c))
            {
                i++;
            }
        }
    }

    /// <summary>
    /// Characters a narrative must not hold, though they are valid Unicode: they change how the text
    /// around them is shown without being visible themselves (bidirectional overrides and isolates can
    /// make a reviewer read other text than is stored), break lines where no line break is (line and
    /// paragraph separators), or are reserved (non-characters).
    /// </summary>
    private static (string Zh, string En)? InvisibleCharacter(int codePoint) => codePoint switch
    {
        >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 => ("双向文本控制符", "bidirectional override or isolate"),
        >= 0x200B and <= 0x200F or 0xFEFF => ("零宽字符或方向标记", "zero-width character or direction mark"),
        0x2028 or 0x2029 => ("行或段落分隔符", "line or paragraph separator"),
        >= 0xFDD0 and <= 0xFDEF => ("非字符码位", "non-character"),
        _ when (codePoint & 0xFFFE) == 0xFFFE => ("非字符码位", "non-character"),
        _ => null,
    };

    private static bool IsValidSurrogatePair(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

    private static string Clip(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
