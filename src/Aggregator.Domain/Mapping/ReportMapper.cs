using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Contract = Aggregator.Contracts.V1;
using M = Aggregator.Domain.Text.Messages.Rules;

namespace Aggregator.Domain.Mapping;

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
        void Error(string rule, string field, LocalizedText message, string reported = "") =>
            errors.Add(new Finding(rule, Severity.Error, FindingKind.Violated, [field], reported, "", message.Zh, message.En));

        if (!UnitId.IsValid(report.UnitId))
        {
            Error(UnitIdRule, "unit_id", M.InvalidUnitId(Clip(report.UnitId), UnitId.MaxLength), Clip(report.UnitId));
        }

        if (!ReportYear.IsValid(report.Year))
        {
            Error(YearRule, "year", M.YearOutside(report.Year, ReportYear.Min, ReportYear.Max), report.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (report.Year > latestYear)
        {
            Error(YearRule, "year", M.YearTooLate(report.Year, latestYear.Value), report.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var format = FromProto(report.Format);
        if (format is null)
        {
            Error(FormatRule, "format", M.FormatNotStated);
        }
        else
        {
            if (ReportYear.IsValid(report.Year) && new ReportYear(report.Year).DefaultFormat != format)
            {
                Error(FormatRule, "format", M.FormatOfYear(report.Year, new ReportYear(report.Year).DefaultFormat == ReportFormat.V2019 ? "2019" : "2021"));
            }

            if (format == ReportFormat.V2019 && report.ProactiveDisclosure is not null)
            {
                Error(FormatRule, "s2", M.Needs2019Table);
            }

            if (format == ReportFormat.V2021 && report.ProactiveDisclosure2019 is not null)
            {
                Error(FormatRule, "s2", M.Needs2021Table);
            }

            if (format == ReportFormat.V2019 && report.Requests is { } r &&
                (r.OtherHandlingNoCorrection is not null || r.OtherHandlingFeeUnpaid is not null || r.OtherHandlingOther is not null))
            {
                Error(FormatRule, "s3.other_handling", M.OtherHandlingOneRowIn2019);
            }
        }

        var figures = new Figures.Builder();
        foreach (var cell in CellCatalog.All)
        {
            if (cell.IsMoney && cell.ReadRaw(report) is { } raw && !ExactDecimal.TryParse(raw, out _))
            {
                Error(DecimalRule, cell.Path, M.InvalidDecimal(new(cell.LabelZh, cell.LabelEn), Clip(raw)), Clip(raw));
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
            if (TextProblem(text, MaxNarrativeLength) is { } problem)
            {
                Error(TextRule, field, problem.Message, problem.Reported);
            }
        }

        var breakdown = ImmutableArray<DisclosureCategory>.Empty;
        if (report.Overview?.Breakdown is { } b)
        {
            if (b.Categories.Count > MaxBreakdownCategories)
            {
                Error(TextRule, "s1.breakdown.categories", M.TooManyCategories(b.Categories.Count, MaxBreakdownCategories));
            }

            breakdown = [.. b.Categories.Select(c => new DisclosureCategory(c.Name, c.HasCount ? c.Count : null))];
            for (var i = 0; i < breakdown.Length && i < MaxBreakdownCategories; i++)
            {
                if (TextProblem(breakdown[i].Name, 200) is { } problem)
                {
                    Error(TextRule, $"s1.breakdown.categories[{i}].name", problem.Message, problem.Reported);
                }
                if (breakdown[i].Count is < 0)
                {
                    var negative = M.NegativeCategory(Clip(breakdown[i].Name));
                    errors.Add(new Finding(RuleCatalog.NonNegative, Severity.Error, FindingKind.Violated, [$"s1.breakdown.categories[{i}].count"],
                        Finding.Show(breakdown[i].Count), "0", negative.Zh, negative.En));
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

    /// <summary>Why a text field is refused (C.text), or null; the caller names the field only when there is a problem.</summary>
    private static (LocalizedText Message, string Reported)? TextProblem(string text, int maxLength)
    {
        if (text.Length > maxLength)
        {
            return (M.TextTooLong(text.Length, maxLength), text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((char.IsControl(c) && c is not ('\n' or '\r' or '\t')) || (char.IsSurrogate(c) && !IsValidSurrogatePair(text, i)))
            {
                return (M.ControlCharacter(i), $"U+{(int)c:X4}");
            }

            var codePoint = char.IsHighSurrogate(c) ? char.ConvertToUtf32(c, text[i + 1]) : c;
            if (InvisibleCharacter(codePoint) is { } kind)
            {
                return (M.InvisibleCharacter($"U+{codePoint:X4}", kind, i), $"U+{codePoint:X4}");
            }

            if (char.IsHighSurrogate(c))
            {
                i++;
            }
        }

        return null;
    }

    /// <summary>
    /// Characters a narrative must not hold, though they are valid Unicode: they change how the text
    /// around them is shown without being visible themselves (bidirectional overrides and isolates can
    /// make a reviewer read other text than is stored), break lines where no line break is (line and
    /// paragraph separators), or are reserved (non-characters).
    /// </summary>
    private static LocalizedText? InvisibleCharacter(int codePoint) => codePoint switch
    {
        >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 => M.BidiControl,
        >= 0x200B and <= 0x200F or 0xFEFF => M.ZeroWidth,
        0x2028 or 0x2029 => M.LineSeparator,
        >= 0xFDD0 and <= 0xFDEF => M.NonCharacter,
        _ when (codePoint & 0xFFFE) == 0xFFFE => M.NonCharacter,
        _ => null,
    };

    private static bool IsValidSurrogatePair(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);

    private static string Clip(string text) => text.Length <= 64 ? text : string.Concat(text.AsSpan(0, 64), "…");
}
