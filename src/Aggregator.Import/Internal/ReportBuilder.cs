using System.Text.RegularExpressions;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Finding = Aggregator.Domain.Rules.Finding;
using M = Aggregator.Domain.Text.Messages.Import;

namespace Aggregator.Import.Internal;

/// <summary>
/// Turns a <see cref="SourceDocument"/> into a <see cref="Report"/>: finds the section headings,
/// identifies the three tables by their labels (falling back to the section they sit in),
/// detects the format, and parses every section. Any error discards the report.
/// </summary>
internal sealed partial class ReportBuilder(SourceDocument document, ImportOptions options)
{
    private readonly ErrorSink _errors = new();
    private readonly List<LocalizedText> _notes = [];
    private readonly List<Finding> _findings = [];

    public ImportResult Build()
    {
        var headings = new Dictionary<int, ParagraphBlock>();
        var paragraphs = Enumerable.Range(0, 7).Select(_ => new List<ParagraphBlock>()).ToArray();
        var tables = Enumerable.Range(0, 7).Select(_ => new List<TableBlock>()).ToArray();
        var tablesInRegion = Enumerable.Range(0, 7).Select(_ => 0).ToArray();
        var current = 0;
        foreach (var block in document.Blocks)
        {
            switch (block)
            {
                case ParagraphBlock p when ContentRecognizer.TryHeading(p.Text, out var section) && section > current:
                    headings[section] = p;
                    current = section;
                    break;
                case ParagraphBlock p:
                    paragraphs[current].Add(p);
                    break;
                case TableBlock t:
                    tablesInRegion[current]++;
                    var kind = ContentRecognizer.ClassifyTable(t) ?? (current is >= 2 and <= 4 ? current : (int?)null);
                    if (kind is int k)
                    {
                        tables[k].Add(t);
                    }
                    else
                    {
                        _notes.Add(M.IgnoredTable(t.Index, t.Location.Text));
                    }

                    break;
            }
        }

        if (headings.Count == 0 && tables[2].Count + tables[3].Count + tables[4].Count == 0)
        {
            _errors.Add(0, SourceLocation.WholeDocument, M.ReportParts, M.NothingFound, M.NoReportFound);
            return Result(null);
        }

        var format = DetectFormat(tables[2]);
        var report = new Report { UnitId = options.UnitId, Year = options.Year, Format = format };

        if (headings.ContainsKey(1))
        {
            report.Overview = NarrativeParser.ParseOverview(paragraphs[1].Select(p => p.Text).ToList());
        }

        for (var section = 2; section <= 4; section++)
        {
            CheckFlattened(section, paragraphs[section]);
            if (tables[section].Count == 0)
            {
                if (headings.TryGetValue(section, out var heading))
                {
                    _errors.Add(section, heading.Location, TableDescription(section, format), M.NoTableUnderHeading, M.HeadingWithoutTable);
                }
                else
                {
                    _notes.Add(M.SectionAbsent(ContentRecognizer.SectionNames[section]));
                }
            }
        }

        if (tables[2].Count > 0)
        {
            if (format == FormatVersion._2019)
            {
                var parsed = ProactiveTableParser.Parse2019(tables[2], _errors, _findings);
                if (parsed is not null)
                {
                    report.ProactiveDisclosure2019 = parsed;
                }
            }
            else
            {
                var parsed = ProactiveTableParser.Parse2021(tables[2], _errors, _findings);
                if (parsed is not null)
                {
                    report.ProactiveDisclosure = parsed;
                }
            }
        }

        if (tables[3].Count > 0)
        {
            var parsed = RequestTableParser.Parse(tables[3], _errors, _findings);
            if (parsed is not null)
            {
                report.Requests = parsed;
            }
        }

        if (tables[4].Count > 0)
        {
            var parsed = ReviewTableParser.Parse(tables[4], _errors);
            if (parsed is not null)
            {
                report.ReviewLitigation = parsed;
            }
        }

        if (headings.ContainsKey(5))
        {
            report.Problems = NarrativeParser.ParseProblems(paragraphs[5].Select(p => p.Text).ToList());
        }

        if (headings.ContainsKey(6))
        {
            report.OtherMatters = NarrativeParser.ParseOtherMatters(paragraphs[6].Select(p => p.Text).ToList());
        }

        // Figures stated in the text before the tables (一 and any preamble) against the tables.
        _findings.AddRange(NarrativeChecks.Check(report, paragraphs[0].Concat(paragraphs[1]).Select(p => p.Text)));

        foreach (var missing in new[] { 1, 5, 6 }.Where(s => !headings.ContainsKey(s)))
        {
            _notes.Add(M.SectionHeadingNotFound(ContentRecognizer.SectionNames[missing]));
        }

        return Result(report);
    }

    private ImportResult Result(Report? report) => _errors.Errors.Count == 0 && report is not null
        ? new(report, _errors.Errors, _notes) { Findings = _findings }
        : new(null, _errors.Errors, _notes);

    private FormatVersion DetectFormat(IReadOnlyList<TableBlock> proactiveTables)
    {
        if (options.Format is FormatVersion given && given != FormatVersion.Unspecified)
        {
            return given;
        }

        switch (ProactiveTableParser.Is2019(proactiveTables))
        {
            case true:
                _notes.Add(M.FormatDetected("2019", ContentRecognizer.SectionNames[2]));
                return FormatVersion._2019;
            case false:
                _notes.Add(M.FormatDetected("2021", ContentRecognizer.SectionNames[2]));
                return FormatVersion._2021;
            default:
                var format = options.Year <= 2020 ? FormatVersion._2019 : FormatVersion._2021;
                _notes.Add(M.FormatFromYear(options.Year, format == FormatVersion._2019 ? "2019" : "2021"));
                return format;
        }
    }

    /// <summary>
    /// A text copy may flatten a table into runs of digits with no separators. The split is never
    /// guessed: a paragraph of a table section that ends in such a run is an error.
    /// </summary>
    private void CheckFlattened(int section, IReadOnlyList<ParagraphBlock> paragraphs)
    {
        foreach (var paragraph in paragraphs)
        {
            var normalized = TextNormalizer.Normalize(paragraph.Text).Trim();
            var match = DigitRun().Match(normalized);
            if (!match.Success)
            {
                continue;
            }

            var excerpt = normalized.Length > 60 ? "…" + normalized[^60..] : normalized;
            _errors.Add(
                section,
                paragraph.Location,
                M.CellsSeparated,
                M.DigitRun(excerpt),
                M.Flattened);
        }
    }

    private static LocalizedText TableDescription(int section, FormatVersion format) => section switch
    {
        2 => format == FormatVersion._2019 ? M.ProactiveTable2019("规章、规范性文件、行政许可……政府集中采购") : M.ProactiveTable2021("规章、行政规范性文件、行政许可、行政处罚、行政强制、行政事业性收费"),
        3 => M.RequestTable("一、本年新收……", "四、结转下年度继续办理"),
        _ => M.ReviewTable(15),
    };

    /// <summary>Ends in three or more digits (optionally space-separated figures) — a flattened row.</summary>
    [GeneratedRegex(@"(?:^|[^\d.,])(?:\d{3,}|\d+(?:\s+\d+){2,})$", RegexOptions.None, ImportLimits.RegexTimeoutMilliseconds)]
    private static partial Regex DigitRun();
}
