using System.Collections.Immutable;
using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Text;
using Aggregator.Export;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using M = Aggregator.Domain.Text.Messages.Import;

namespace Aggregator.Import.Internal;

/// <summary>
/// Reads a filled <see cref="TemplateWorkbook"/> back into a report: unit, year and format from its
/// hidden meta sheet, each input through the meta sheet's list (field, sheet, cell). Works on the
/// workbook as Excel, WPS or LibreOffice save it (numbers as numbers or as text, shared or inline strings).
/// </summary>
internal static class XlsxTemplateReader
{
    public static ImportResult Read(Stream xlsx, ImportOptions options)
    {
        SpreadsheetDocument package;
        try
        {
            package = SpreadsheetDocument.Open(xlsx, isEditable: false);
        }
        catch (Exception e) when (e is InvalidDataException or OpenXmlPackageException or IOException or FormatException or System.Xml.XmlException)
        {
            return Error(M.ExcelWorkbook, LocalizedText.Verbatim(e.Message), M.CannotReadExcel);
        }

        using (package)
        {
            return new Reader(package, options).Read();
        }
    }

    private static ImportResult Error(LocalizedText expected, LocalizedText found, LocalizedText detail) =>
        new(null, [ImportError.OfDocument(expected, found, detail)], []);

    private sealed class Reader(SpreadsheetDocument package, ImportOptions options)
    {
        private readonly List<ImportError> _errors = [];
        private readonly Dictionary<string, Dictionary<string, string?>?> _sheets = new(StringComparer.Ordinal);
        private string[] _sharedStrings = [];

        public ImportResult Read()
        {
            var workbook = package.WorkbookPart;
            if (workbook?.Workbook?.Sheets is null)
            {
                return Error(M.ExcelWorkbook, M.NoWorkbookPart, M.NotExcel);
            }

            _sharedStrings = workbook.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
            var meta = Rows(TemplateWorkbook.MetaSheet);
            if (meta is null)
            {
                return Error(M.TemplateWorkbook(TemplateWorkbook.MetaSheet), M.NoSuchSheet, M.NotATemplate(TemplateWorkbook.MetaSheet));
            }

            var keys = new Dictionary<string, string>(StringComparer.Ordinal);
            var fields = new List<(string Path, string Sheet, string Reference)>();
            var inFields = false;
            foreach (var row in meta)
            {
                var a = row.ElementAtOrDefault(0)?.Trim() ?? "";
                if (inFields)
                {
                    if (a.Length > 0)
                    {
                        fields.Add((a, row.ElementAtOrDefault(1) ?? "", row.ElementAtOrDefault(2) ?? ""));
                    }
                }
                else if (a == TemplateWorkbook.FieldsHeader)
                {
                    inFields = true;
                }
                else if (a.Length > 0)
                {
                    keys[a] = row.ElementAtOrDefault(1)?.Trim() ?? "";
                }
            }

            var unit = keys.GetValueOrDefault(TemplateWorkbook.UnitIdKey, "");
            var yearText = keys.GetValueOrDefault(TemplateWorkbook.YearKey, "");
            if (!UnitId.IsValid(unit) || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || !ReportYear.IsValid(year))
            {
                return Error(M.TemplateUnitAndYear, M.TemplateKeys(TemplateWorkbook.MetaSheet, unit, yearText), M.InvalidTemplateUnitOrYear(unit, yearText));
            }

            if ((options.UnitId.Length > 0 && options.UnitId != unit) || (options.Year != 0 && options.Year != year))
            {
                return Error(M.TemplateOf(options.UnitId, options.Year), M.TemplateOf(unit, year), M.TemplateOfOtherUnit(unit, year, options.UnitId, options.Year));
            }

            var format = new ReportYear(year).DefaultFormat;
            var formatText = keys.GetValueOrDefault(TemplateWorkbook.FormatKey, "");
            if (formatText != TemplateWorkbook.FormatText(format))
            {
                return Error(M.FormatForYear(TemplateWorkbook.FormatText(format), year), LocalizedText.Verbatim(formatText), M.TemplateFormatWrong(formatText, year));
            }

            if (options.Format is { } given && ReportMapper.FromProto(given) is { } asked && asked != format)
            {
                return Error(M.FormatNamed(TemplateWorkbook.FormatText(asked)), M.FormatNamed(TemplateWorkbook.FormatText(format)), M.TemplateIsFormat(TemplateWorkbook.FormatText(format)));
            }

            return Build(new UnitId(unit), new ReportYear(year), format, fields);
        }

        private ImportResult Build(UnitId unit, ReportYear year, ReportFormat format, List<(string Path, string Sheet, string Reference)> fields)
        {
            var figures = new Figures.Builder();
            var texts = new Dictionary<string, string>(StringComparer.Ordinal);
            var present = Sections.None;
            foreach (var (path, sheet, reference) in fields)
            {
                var cells = Sheet(sheet);
                if (cells is null)
                {
                    _errors.Add(ImportError.OfDocument(M.Sheet(sheet), M.NoSuchSheet, M.MissingSheet(sheet, path)));
                    continue;
                }

                var raw = cells.GetValueOrDefault(reference);
                if (CellCatalog.TryFind(path, format, out var cell))
                {
                    if (Figure(cell, sheet, reference, raw) is { } value)
                    {
                        figures.Set(cell.Id, value);
                        present |= cell.Section;
                    }
                }
                else if (Narrative(path) is { } section)
                {
                    if (!string.IsNullOrWhiteSpace(raw))
                    {
                        texts[path] = raw.Trim();
                        present |= section;
                    }
                }
                else
                {
                    _errors.Add(ImportError.OfDocument(M.KnownField, LocalizedText.Verbatim(path), M.UnknownField(path)));
                }
            }

            if (_errors.Count > 0)
            {
                return new ImportResult(null, _errors, []);
            }

            var narratives = new Narratives
            {
                Introduction = texts.GetValueOrDefault("s1.introduction", ""),
                ProactiveDisclosure = texts.GetValueOrDefault("s1.proactive_disclosure", ""),
                DisclosureOnRequest = texts.GetValueOrDefault("s1.disclosure_on_request", ""),
                InformationManagement = texts.GetValueOrDefault("s1.information_management", ""),
                PlatformConstruction = texts.GetValueOrDefault("s1.platform_construction", ""),
                Supervision = texts.GetValueOrDefault("s1.supervision", ""),
                Problems = texts.GetValueOrDefault("s5.problems", ""),
                Improvements = texts.GetValueOrDefault("s5.improvements", ""),
                OtherMatters = texts.GetValueOrDefault("s6.text", ""),
            };
            if (present == Sections.None)
            {
                return new ImportResult(null,
                [
                    ImportError.OfDocument(M.FilledInput, M.EmptyTemplate, M.NothingFilled),
                ], []);
            }

            var report = new AnnualReport(unit, year, format, present, figures.Build(), narratives, ImmutableArray<Aggregator.Domain.DisclosureCategory>.Empty);
            return new ImportResult(ReportMapper.ToProto(report), [],
                [M.TemplateRead(unit.Value, year.Value, TemplateWorkbook.FormatText(format), fields.Count, string.Join(",", present.Codes()))]);
        }

        /// <summary>The section of a narrative field id.</summary>
        private static Sections? Narrative(string field) => field switch
        {
            "s1.introduction" or "s1.proactive_disclosure" or "s1.disclosure_on_request" or "s1.information_management" or "s1.platform_construction" or "s1.supervision" => Sections.S1Overview,
            "s5.problems" or "s5.improvements" => Sections.S5Problems,
            "s6.text" => Sections.S6Other,
            _ => null,
        };

        /// <summary>
        /// A figure as typed: blank or a "not reported" marker gives null; a number is taken exactly, with
        /// binary noise a spreadsheet adds (5949.0886670000004) rounded back to 15 significant digits; a
        /// count must be whole. Anything else is an error naming the cell.
        /// </summary>
        private decimal? Figure(CellDefinition cell, string sheet, string reference, string? raw)
        {
            if (raw is null || CellParser.IsNotReported(raw))
            {
                return null;
            }

            var text = raw.Trim().Replace(",", "", StringComparison.Ordinal);
            if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                Fail(cell, sheet, reference, raw, cell.IsMoney ? M.AnAmount : M.AWholeNumber);
                return null;
            }

            if (Scale(value) > cell.MaxScale && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) &&
                decimal.TryParse(d.ToString("G15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out var rounded) &&
                Scale(rounded) <= cell.MaxScale)
            {
                value = rounded;
            }

            if (!cell.IsMoney && value != decimal.Truncate(value))
            {
                Fail(cell, sheet, reference, raw, M.AWholeNumber);
                return null;
            }

            if (Math.Abs(value) > long.MaxValue)
            {
                Fail(cell, sheet, reference, raw, M.ANumberInRange);
                return null;
            }

            return value;
        }

        private void Fail(CellDefinition cell, string sheet, string reference, string raw, LocalizedText expected)
        {
            var section = ContentRecognizer.SectionNames[SectionNumber(cell.Section)];
            var detail = M.BadTemplateValue(sheet, reference, cell.Path, new LocalizedText(cell.LabelZh, cell.LabelEn), expected, raw);
            _errors.Add(new ImportError(section, RowOf(reference), M.ValueIn(expected, cell.Path), M.SheetCell(sheet, reference, raw), detail, detail)
            {
                Where = M.Sheet(sheet),
            });
        }

        private static int SectionNumber(Sections section) => section switch
        {
            Sections.S1Overview => 1,
            Sections.S2Proactive => 2,
            Sections.S3Requests => 3,
            Sections.S4Review => 4,
            Sections.S5Problems => 5,
            _ => 6,
        };

        private static int? RowOf(string reference)
        {
            var digits = reference.AsSpan().TrimStart("ABCDEFGHIJKLMNOPQRSTUVWXYZ$");
            return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var row) ? row : null;
        }

        private static string Reference(int column, uint row)
        {
            var letters = "";
            for (var c = column + 1; c > 0; c = (c - 1) / 26)
            {
                letters = (char)('A' + ((c - 1) % 26)) + letters;
            }

            return letters + row.ToString(CultureInfo.InvariantCulture);
        }

        private static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;

        /// <summary>The rows of a sheet as cell texts by column (gaps as null).</summary>
        private List<string?[]>? Rows(string name)
        {
            var cells = Sheet(name);
            if (cells is null)
            {
                return null;
            }

            var rows = new SortedDictionary<int, SortedDictionary<int, string?>>();
            foreach (var (reference, value) in cells)
            {
                var (column, row) = Parse(reference);
                if (!rows.TryGetValue(row, out var r))
                {
                    rows[row] = r = [];
                }

                r[column] = value;
            }

            return [.. rows.Values.Select(r =>
            {
                var array = new string?[r.Keys.Max() + 1];
                foreach (var (c, v) in r)
                {
                    array[c] = v;
                }

                return array;
            })];
        }

        private static (int Column, int Row) Parse(string reference)
        {
            var column = 0;
            var i = 0;
            for (; i < reference.Length && char.IsAsciiLetterUpper(reference[i]); i++)
            {
                column = (column * 26) + (reference[i] - 'A' + 1);
            }

            return (column - 1, int.Parse(reference.AsSpan(i), NumberStyles.None, CultureInfo.InvariantCulture));
        }

        /// <summary>The cells of a sheet by reference ("D5") with their text as stored, or null when there is no such sheet.</summary>
        private Dictionary<string, string?>? Sheet(string name)
        {
            if (_sheets.TryGetValue(name, out var cached))
            {
                return cached;
            }

            var workbook = package.WorkbookPart!;
            var sheet = workbook.Workbook.Sheets!.Elements<Sheet>().FirstOrDefault(s => s.Name?.Value == name);
            Dictionary<string, string?>? cells = null;
            if (sheet?.Id?.Value is { } id && workbook.GetPartById(id) is WorksheetPart part)
            {
                cells = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach (var row in part.Worksheet.Descendants<Row>())
                {
                    var column = 0;
                    foreach (var cell in row.Elements<Cell>())
                    {
                        var reference = cell.CellReference?.Value;
                        if (reference is null)
                        {
                            reference = Reference(column, row.RowIndex?.Value ?? 0);
                        }
                        else
                        {
                            column = Parse(reference).Column;
                        }

                        cells[reference] = Text(cell);
                        column++;
                    }
                }
            }

            _sheets[name] = cells;
            return cells;
        }

        private string? Text(Cell cell)
        {
            var value = cell.CellValue?.Text;
            if (cell.DataType?.Value == CellValues.SharedString)
            {
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < _sharedStrings.Length ? _sharedStrings[i] : null;
            }

            if (cell.DataType?.Value == CellValues.InlineString)
            {
                return cell.InlineString?.InnerText;
            }

            return value;
        }
    }
}
