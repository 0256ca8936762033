using System.Globalization;
using System.Text;
using Aggregator.Domain;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Rules;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Aggregator.Export.Internal;

/// <summary>
/// The template part of <see cref="XlsxWriter"/>: records where each input cell goes, makes it an
/// unlocked, validated cell, and adds the 勾稽 check sheet and the hidden meta sheet.
/// </summary>
internal sealed class XlsxTemplate(AnnualReport report, string unitName)
{
    private const string MaxValue = "1000000000000";

    private readonly Dictionary<string, (string Sheet, string Reference)> _inputs = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, List<DataValidation>> _validations = new(StringComparer.Ordinal);

    /// <summary>The input cell of <paramref name="field"/> at a position, recorded for the meta sheet and the checks.</summary>
    public Cell InputCell(string sheet, int column, uint row, GridCell cell, TemplateField field, XlsxWriter.SharedStrings strings)
    {
        var reference = XlsxWriter.Reference(column, row);
        if (!_inputs.TryAdd(field.Path, (sheet, reference)))
        {
            throw new InvalidOperationException($"The template lays out '{field.Path}' twice.");
        }

        _order.Add(field.Path);
        if (!_validations.TryGetValue(sheet, out var list))
        {
            _validations[sheet] = list = [];
        }

        if (field.Cell is { } definition)
        {
            list.Add(Validation(definition, reference));
        }

        if (field.Cell is null)
        {
            return XlsxWriter.StringCell(column, row, cell.Text, XlsxWriter.StyleInputText, strings);
        }

        return cell.Value is { } v
            ? new Cell { CellReference = reference, StyleIndex = XlsxWriter.StyleInput, CellValue = new CellValue(ExactDecimal.Format(v)) }
            : new Cell { CellReference = reference, StyleIndex = XlsxWriter.StyleInput };
    }

    /// <summary>Sheet protection without a password: only unlocked cells can be edited.</summary>
    public static SheetProtection Protection() => new()
    {
        Sheet = true,
        Objects = true,
        Scenarios = true,
        SelectLockedCells = false,
        SelectUnlockedCells = false,
    };

    public DataValidations? Validations(string sheet) =>
        _validations.TryGetValue(sheet, out var list) && list.Count > 0
            ? new DataValidations(list.Select(v => (DataValidation)v.CloneNode(true))) { Count = (uint)list.Count }
            : null;

    private static DataValidation Validation(CellDefinition cell, string reference)
    {
        var validation = new DataValidation
        {
            SequenceOfReferences = new ListValue<StringValue> { InnerText = reference },
            AllowBlank = true,
            ShowErrorMessage = true,
            ShowInputMessage = true,
            ErrorStyle = DataValidationErrorStyleValues.Stop,
            ErrorTitle = "数值有误",
            PromptTitle = Clip(cell.RowLabelZh, 32),
            Prompt = Clip($"{cell.LabelZh}({cell.Path})", 255),
        };
        switch (cell.Kind)
        {
            case CellKind.Count:
                validation.Type = DataValidationValues.Whole;
                validation.Operator = DataValidationOperatorValues.Between;
                validation.Formula1 = new Formula1("0");
                validation.Formula2 = new Formula2(MaxValue);
                validation.Error = "请填写不小于 0 的整数;不掌握的留空。";
                break;
            case CellKind.SignedCount:
                validation.Type = DataValidationValues.Whole;
                validation.Operator = DataValidationOperatorValues.Between;
                validation.Formula1 = new Formula1("-" + MaxValue);
                validation.Formula2 = new Formula2(MaxValue);
                validation.Error = "请填写整数(减少填负数);不掌握的留空。";
                break;
            default:
                var scale = cell.MaxScale.ToString(CultureInfo.InvariantCulture);
                validation.Type = DataValidationValues.Custom;
                validation.Formula1 = new Formula1($"AND(ISNUMBER({reference}),{reference}>=0,{reference}<={MaxValue},ROUND({reference},{scale})={reference})");
                validation.Error = cell.Kind == CellKind.MoneyWanYuan
                    ? "请填写不小于 0 的金额(万元),最多 6 位小数。"
                    : "请填写不小于 0 的金额(元),最多 2 位小数。";
                break;
        }

        return validation;
    }

    /// <summary>Adds the check sheet, the hidden meta sheet and the defined names, after the visible sheets.</summary>
    public void Complete(WorkbookPart workbookPart, Sheets sheets, uint sheetId, XlsxWriter.SharedStrings strings)
    {
        var checks = workbookPart.AddNewPart<WorksheetPart>();
        checks.Worksheet = ChecksWorksheet(strings);
        sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(checks), SheetId = sheetId++, Name = TemplateWorkbook.ChecksSheet });

        var meta = workbookPart.AddNewPart<WorksheetPart>();
        meta.Worksheet = MetaWorksheet(strings);
        sheets.Append(new Sheet { Id = workbookPart.GetIdOfPart(meta), SheetId = sheetId, Name = TemplateWorkbook.MetaSheet, State = SheetStateValues.Hidden });

        var quoted = Quote(TemplateWorkbook.MetaSheet);
        workbookPart.Workbook.Append(
            new DefinedNames(
                new DefinedName { Name = TemplateWorkbook.UnitIdName, Text = $"{quoted}!$B$2" },
                new DefinedName { Name = TemplateWorkbook.YearName, Text = $"{quoted}!$B$3" },
                new DefinedName { Name = TemplateWorkbook.FormatName, Text = $"{quoted}!$B$4" }),
            new CalculationProperties { CalculationId = 191029, FullCalculationOnLoad = true });
    }

    private Worksheet MetaWorksheet(XlsxWriter.SharedStrings strings)
    {
        var data = new SheetData();
        uint r = 0;
        void Row(params string[] values)
        {
            r++;
            var row = new Row { RowIndex = r };
            for (var c = 0; c < values.Length; c++)
            {
                row.Append(XlsxWriter.StringCell(c, r, values[c], XlsxWriter.StyleText, strings));
            }

            data.Append(row);
        }

        Row("本表由系统生成,用于导入,请勿修改。");
        Row(TemplateWorkbook.UnitIdKey, report.Unit.Value);
        r++;
        data.Append(new Row(
            XlsxWriter.StringCell(0, r, TemplateWorkbook.YearKey, XlsxWriter.StyleText, strings),
            new Cell { CellReference = XlsxWriter.Reference(1, r), CellValue = new CellValue(report.Year.Value.ToString(CultureInfo.InvariantCulture)) })
        { RowIndex = r });
        Row(TemplateWorkbook.FormatKey, TemplateWorkbook.FormatText(report.Format));
        Row(TemplateWorkbook.VersionKey, TemplateWorkbook.Version.ToString(CultureInfo.InvariantCulture));
        Row(TemplateWorkbook.UnitNameKey, unitName);
        r++;
        Row(TemplateWorkbook.FieldsHeader, "工作表", "单元格");
        foreach (var path in _order)
        {
            var (sheet, reference) = _inputs[path];
            Row(path, sheet, reference);
        }

        var worksheet = new Worksheet();
        worksheet.Append(new Columns(new Column { Min = 1, Max = 3, Width = 40, CustomWidth = true }));
        worksheet.Append(data);
        worksheet.Append(Protection());
        return worksheet;
    }

    /// <summary>
    /// One row per linear rule of the format that needs no other year and whose cells are all in the
    /// template: 填报 (left side), 计算 (right side), 差额 and the verdict, as formulas over the inputs.
    /// </summary>
    private Worksheet ChecksWorksheet(XlsxWriter.SharedStrings strings)
    {
        var data = new SheetData();
        uint r = 1;
        data.Append(new Row(XlsxWriter.StringCell(0, r, "勾稽关系自动核对(随填随算;“未填完”表示相关单元格尚有空白)", XlsxWriter.StyleTitle, strings)) { RowIndex = r });
        r++;
        var headers = new[] { "规则", "勾稽关系", "填报值", "计算值", "差额", "结果" };
        data.Append(new Row(headers.Select((h, c) => XlsxWriter.StringCell(c, r, h, XlsxWriter.StyleHeader, strings))) { RowIndex = r });

        foreach (var rule in RuleCatalog.LinearRules)
        {
            if (!rule.Formats.Contains(report.Format) || rule.Scope == RuleScope.NeedsPreviousYear)
            {
                continue;
            }

            var left = Side(rule.Left);
            var right = Side(rule.Right);
            if (left is null || right is null)
            {
                continue;
            }

            r++;
            var row = new Row { RowIndex = r };
            var refs = left.Value.Refs.Concat(right.Value.Refs).Distinct().ToList();
            var c = XlsxWriter.Reference(2, r);
            var d = XlsxWriter.Reference(3, r);
            row.Append(
                XlsxWriter.StringCell(0, r, rule.Id, XlsxWriter.StyleText, strings),
                XlsxWriter.StringCell(1, r, rule.MessageZh, XlsxWriter.StyleText, strings),
                Formula(2, r, left.Value.Formula),
                Formula(3, r, right.Value.Formula),
                Formula(4, r, $"{c}-{d}"),
                Formula(5, r, $"IF(COUNT({string.Join(',', refs)})<{refs.Count},\"未填完\",IF({c}={d},\"相符\",\"不符\"))"));
            data.Append(row);
        }

        var worksheet = new Worksheet();
        worksheet.Append(new Columns(
            new Column { Min = 1, Max = 1, Width = 22, CustomWidth = true },
            new Column { Min = 2, Max = 2, Width = 70, CustomWidth = true },
            new Column { Min = 3, Max = 6, Width = 12, CustomWidth = true }));
        worksheet.Append(data);
        worksheet.Append(Protection());
        return worksheet;
    }

    private static Cell Formula(int column, uint row, string formula) =>
        new() { CellReference = XlsxWriter.Reference(column, row), StyleIndex = XlsxWriter.StyleNumber, CellFormula = new CellFormula(formula) };

    /// <summary>A side of a rule as a formula and the input references it reads; null when a cell is not in the template.</summary>
    private (string Formula, List<string> Refs)? Side(IEnumerable<Term> terms)
    {
        var formula = new StringBuilder();
        var refs = new List<string>();
        foreach (var term in terms)
        {
            List<string>? operand = term.Operand switch
            {
                CellOperand c => Refs([c.Cell]),
                PartsOrWholeOperand p => Refs(p.Parts) ?? Refs([p.Whole]),
                _ => null,
            };
            if (operand is null)
            {
                return null;
            }

            formula.Append(term.Sign < 0 ? "-" : formula.Length > 0 ? "+" : "");
            formula.Append(operand.Count == 1 ? operand[0] : $"SUM({string.Join(',', operand)})");
            refs.AddRange(operand);
        }

        return (formula.ToString(), refs);
    }

    private List<string>? Refs(IEnumerable<CellId> cells)
    {
        var refs = new List<string>();
        foreach (var cell in cells)
        {
            if (!_inputs.TryGetValue(cell.Path, out var at))
            {
                return null;
            }

            refs.Add($"{Quote(at.Sheet)}!{at.Reference}");
        }

        return refs;
    }

    private static string Quote(string sheet) => "'" + sheet.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
