using System.Globalization;
using Aggregator.Domain.Cells;
using Aggregator.Export;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Aggregator.Testing;

/// <summary>
/// Types values into a blank template (<see cref="TemplateWorkbook"/>) as a district would in Excel:
/// each field's input cell is found through the template's hidden sheet (field → sheet, reference);
/// figures of the cell catalogue become numeric cells, anything else an inline string.
/// </summary>
public static class TemplateFiller
{
    public static byte[] Fill(byte[] template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        using var stream = new MemoryStream();
        stream.Write(template);
        using (var package = SpreadsheetDocument.Open(stream, true))
        {
            var workbook = package.WorkbookPart!;
            var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
            WorksheetPart Sheet(string name) => (WorksheetPart)workbook.GetPartById(workbook.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name).Id!);
            string Text(Cell c) => c.DataType?.Value == CellValues.SharedString ? strings[int.Parse(c.CellValue!.Text, CultureInfo.InvariantCulture)]
                : c.DataType?.Value == CellValues.InlineString ? c.InlineString?.InnerText ?? ""
                : c.CellValue?.Text ?? "";

            var rows = Sheet(TemplateWorkbook.MetaSheet).Worksheet.Descendants<Row>().Select(r => r.Elements<Cell>().Select(Text).ToArray()).ToList();
            var header = rows.FindIndex(r => r.Length > 0 && r[0] == TemplateWorkbook.FieldsHeader);
            var inputs = rows.Skip(header + 1).Where(r => r.Length >= 3).ToDictionary(r => r[0], r => (Sheet: r[1], Reference: r[2]), StringComparer.Ordinal);
            foreach (var (field, value) in values)
            {
                var (sheet, reference) = inputs.TryGetValue(field, out var input) ? input
                    : throw new ArgumentException($"The template has no input for '{field}'.", nameof(values));
                var cell = Sheet(sheet).Worksheet.Descendants<Cell>().Single(c => c.CellReference == reference);
                cell.CellFormula = null;
                var isFigure = CellCatalog.TryFind(field, Domain.ReportFormat.V2021, out _) | CellCatalog.TryFind(field, Domain.ReportFormat.V2019, out _);
                if (isFigure && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _))
                {
                    cell.DataType = null;
                    cell.InlineString = null;
                    cell.CellValue = new CellValue(value);
                }
                else
                {
                    cell.CellValue = null;
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(value) { Space = DocumentFormat.OpenXml.SpaceProcessingModeValues.Preserve });
                }
            }

            package.Save();
        }

        return stream.ToArray();
    }
}
