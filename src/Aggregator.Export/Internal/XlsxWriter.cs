using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Aggregator.Export.Internal;

/// <summary>
/// An XLSX workbook with one sheet per sheet name (sections that share a name follow each other on
/// that sheet, a blank row apart). Each section starts with its title row; merged cells are merged.
/// Numbers are numeric cells written as their exact decimal string when
/// <see cref="NumberPolicy.RoundTripsAsNumber"/>, otherwise text; not-reported cells have no value.
/// </summary>
internal static class XlsxWriter
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    internal const uint StyleText = 1;
    internal const uint StyleNumber = 2;
    internal const uint StyleHeader = 3;
    internal const uint StyleTitle = 4;
    internal const uint StyleNumberAsText = 5;

    /// <summary>An unlocked input cell of a template (figures).</summary>
    internal const uint StyleInput = 6;

    /// <summary>An unlocked input cell of a template that keeps what is typed as text (narratives).</summary>
    internal const uint StyleInputText = 7;

    public static byte[] Write(ExportDocument document) => Write(document, template: null);

    /// <summary>
    /// Writes the workbook; with a <paramref name="template"/>, cells that stand for a report field
    /// become unlocked, validated input cells, every sheet is protected, and the template adds its
    /// own sheets (the 勾稽 checks and the hidden description of the inputs).
    /// </summary>
    internal static byte[] Write(ExportDocument document, XlsxTemplate? template)
    {
        using var stream = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            package.PackageProperties.Title = document.Title;
            var workbookPart = package.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet();
            var strings = new SharedStrings();

            var sheets = new Sheets();
            uint sheetId = 1;
            foreach (var group in document.Sections.GroupBy(s => s.SheetName))
            {
                var worksheetPart = workbookPart.AddNewPart<WorksheetPart>();
                worksheetPart.Worksheet = Worksheet([.. group], strings, group.Key, template);
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = sheetId++, Name = group.Key });
            }

            workbookPart.Workbook.Append(sheets);
            template?.Complete(workbookPart, sheets, sheetId, strings);
            var sharedStrings = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedStrings.SharedStringTable = strings.Table();
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Worksheet Worksheet(IReadOnlyList<ExportSection> sections, SharedStrings strings, string sheetName, XlsxTemplate? template)
    {
        var width = sections.Max(s => s.Grid.Columns);
        var data = new SheetData();
        var merges = new List<string>();
        uint rowNumber = 0;
        for (var s = 0; s < sections.Count; s++)
        {
            var section = sections[s];
            if (s > 0)
            {
                rowNumber++;
            }

            // Title row, merged across the table.
            rowNumber++;
            var title = new Row { RowIndex = rowNumber };
            title.Append(StringCell(0, rowNumber, section.Title, StyleTitle, strings));
            data.Append(title);
            if (section.Grid.Columns > 1)
            {
                merges.Add($"{Reference(0, rowNumber)}:{Reference(section.Grid.Columns - 1, rowNumber)}");
            }

            var first = rowNumber + 1;
            foreach (var cells in section.Grid.Rows)
            {
                rowNumber++;
                var row = new Row { RowIndex = rowNumber };
                for (var c = 0; c < cells.Length; c++)
                {
                    row.Append(template is not null && cells[c].Input is { } input
                        ? template.InputCell(sheetName, c, rowNumber, cells[c], input, strings)
                        : Cell(c, rowNumber, cells[c], strings));
                }

                data.Append(row);
            }

            foreach (var m in section.Grid.Merges)
            {
                merges.Add($"{Reference(m.Column, first + (uint)m.Row)}:{Reference(m.LastColumn, first + (uint)m.LastRow)}");
            }
        }

        var worksheet = new Worksheet();
        worksheet.Append(new SheetDimension { Reference = $"A1:{Reference(width - 1, Math.Max(rowNumber, 1))}" });
        var widths = sections.Select(s => s.Grid.Widths).FirstOrDefault(w => w is not null);
        if (widths is not null)
        {
            var columns = new Columns();
            for (var c = 0; c < widths.Length; c++)
            {
                columns.Append(new Column { Min = (uint)c + 1, Max = (uint)c + 1, Width = widths[c], CustomWidth = true });
            }

            worksheet.Append(columns);
        }

        worksheet.Append(data);
        if (template is not null)
        {
            worksheet.Append(XlsxTemplate.Protection());
        }

        if (merges.Count > 0)
        {
            var mergeCells = new MergeCells { Count = (uint)merges.Count };
            foreach (var m in merges)
            {
                mergeCells.Append(new MergeCell { Reference = m });
            }

            worksheet.Append(mergeCells);
        }

        if (template?.Validations(sheetName) is { } validations)
        {
            worksheet.Append(validations);
        }

        return worksheet;
    }

    internal static Cell Cell(int column, uint row, GridCell cell, SharedStrings strings) => cell.Kind switch
    {
        GridCellKind.Empty => new Cell { CellReference = Reference(column, row), StyleIndex = StyleText },
        GridCellKind.Header => StringCell(column, row, cell.Text, StyleHeader, strings),
        GridCellKind.Number when cell.Value is { } v && NumberPolicy.RoundTripsAsNumber(v) =>
            new Cell { CellReference = Reference(column, row), StyleIndex = StyleNumber, CellValue = new CellValue(cell.Text) },
        GridCellKind.Number => StringCell(column, row, cell.Text, StyleNumberAsText, strings),
        _ => StringCell(column, row, cell.Text, StyleText, strings),
    };

    internal static Cell StringCell(int column, uint row, string text, uint style, SharedStrings strings) => new()
    {
        CellReference = Reference(column, row),
        StyleIndex = style,
        DataType = CellValues.SharedString,
        CellValue = new CellValue(strings.Index(text)),
    };

    /// <summary>"A1"-style reference of a zero-based column and one-based row.</summary>
    internal static string Reference(int column, uint row)
    {
        var letters = "";
        for (var c = column + 1; c > 0; c = (c - 1) / 26)
        {
            letters = (char)('A' + ((c - 1) % 26)) + letters;
        }

        return letters + row.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static Stylesheet Stylesheet()
    {
        var thin = new Border(
            new LeftBorder { Style = BorderStyleValues.Thin },
            new RightBorder { Style = BorderStyleValues.Thin },
            new TopBorder { Style = BorderStyleValues.Thin },
            new BottomBorder { Style = BorderStyleValues.Thin },
            new DiagonalBorder());
        return new Stylesheet(
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = "宋体" }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = "宋体" }))
            { Count = 2 },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFFFF2CC" }, new BackgroundColor { Indexed = 64 }) { PatternType = PatternValues.Solid }))
            { Count = 3 },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder()), thin) { Count = 2 },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
            new CellFormats(
                new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center, WrapText = true })
                { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 1, FormatId = 0, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center, Horizontal = HorizontalAlignmentValues.Center })
                { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 1, FormatId = 0, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center, Horizontal = HorizontalAlignmentValues.Center, WrapText = true })
                { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 1, FormatId = 0, ApplyFont = true, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center, Horizontal = HorizontalAlignmentValues.Center })
                { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 1, FormatId = 0, ApplyNumberFormat = true, ApplyBorder = true, ApplyAlignment = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Center, Horizontal = HorizontalAlignmentValues.Center }, new Protection { Locked = false })
                { NumberFormatId = 0, FontId = 0, FillId = 2, BorderId = 1, FormatId = 0, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true, ApplyProtection = true },
                new CellFormat(new Alignment { Vertical = VerticalAlignmentValues.Top, Horizontal = HorizontalAlignmentValues.Left, WrapText = true }, new Protection { Locked = false })
                { NumberFormatId = 49, FontId = 0, FillId = 2, BorderId = 1, FormatId = 0, ApplyNumberFormat = true, ApplyFill = true, ApplyBorder = true, ApplyAlignment = true, ApplyProtection = true })
            { Count = 8 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    /// <summary>The workbook's shared string table, each distinct string once.</summary>
    internal sealed class SharedStrings
    {
        private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
        private readonly List<string> _strings = [];

        public int Index(string text)
        {
            if (!_index.TryGetValue(text, out var i))
            {
                i = _strings.Count;
                _strings.Add(text);
                _index[text] = i;
            }

            return i;
        }

        public SharedStringTable Table()
        {
            var table = new SharedStringTable { Count = (uint)_strings.Count, UniqueCount = (uint)_strings.Count };
            foreach (var s in _strings)
            {
                table.Append(new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve }));
            }

            return table;
        }
    }
}
