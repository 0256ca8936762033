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

    private const uint StyleText = 1;
    private const uint StyleNumber = 2;
    private const uint StyleHeader = 3;
    private const uint StyleTitle = 4;
    private const uint StyleNumberAsText = 5;

    public static byte[] Write(ExportDocument document)
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
                worksheetPart.Worksheet = Worksheet([.. group], strings);
                sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(worksheetPart), SheetId = sheetId++, Name = group.Key });
            }

            workbookPart.Workbook.Append(sheets);
            var sharedStrings = workbookPart.AddNewPart<SharedStringTablePart>();
            sharedStrings.SharedStringTable = strings.Table();
            workbookPart.Workbook.Save();
        }

        return stream.ToArray();
    }

    private static Worksheet Worksheet(IReadOnlyList<ExportSection> sections, SharedStrings strings)
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
                    row.Append(Cell(c, rowNumber, cells[c], strings));
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
        if (merges.Count > 0)
        {
            var mergeCells = new MergeCells { Count = (uint)merges.Count };
            foreach (var m in merges)
            {
                mergeCells.Append(new MergeCell { Reference = m });
            }

            worksheet.Append(mergeCells);
        }

        return worksheet;
    }

    private static Cell Cell(int column, uint row, GridCell cell, SharedStrings strings) => cell.Kind switch
    {
        GridCellKind.Empty => new Cell { CellReference = Reference(column, row), StyleIndex = StyleText },
        GridCellKind.Header => StringCell(column, row, cell.Text, StyleHeader, strings),
        GridCellKind.Number when cell.Value is { } v && NumberPolicy.RoundTripsAsNumber(v) =>
            new Cell { CellReference = Reference(column, row), StyleIndex = StyleNumber, CellValue = new CellValue(cell.Text) },
        GridCellKind.Number => StringCell(column, row, cell.Text, StyleNumberAsText, strings),
        _ => StringCell(column, row, cell.Text, StyleText, strings),
    };

    private static Cell StringCell(int column, uint row, string text, uint style, SharedStrings strings) => new()
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
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }))
            { Count = 2 },
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
                { NumberFormatId = 49, FontId = 0, FillId = 0, BorderId = 1, FormatId = 0, ApplyNumberFormat = true, ApplyBorder = true, ApplyAlignment = true })
            { Count = 6 },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });
    }

    /// <summary>The workbook's shared string table, each distinct string once.</summary>
    private sealed class SharedStrings
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
