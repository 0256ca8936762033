using System.Text;
using Aggregator.Contracts.V1;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Google.Protobuf;
using PbDecimal = Aggregator.Contracts.V1.Decimal;

namespace Aggregator.Export.Tests;

public sealed class ReportExportTests
{
    [Fact]
    public void ExportReport_Csv_StartsWithBomAndPrintsTheNationalTablesCellForCell()
    {
        var file = Exporter.ExportReport(TestData.Zhanghe2021(), ExportFormat.Csv, "漳河新区");

        Assert.Equal("text/csv; charset=utf-8", file.ContentType);
        Assert.Equal("report-jingmen-zhanghe-2021.csv", file.FileName);
        Assert.Equal([0xEF, 0xBB, 0xBF], file.Content[..3]);
        var records = Csv.Parse(file.Content);
        Assert.Equal(["漳河新区2021年政府信息公开工作年度报告"], records[0]);
        Assert.Equal(
            [National.Title2, National.Title3, National.Title4],
            records.Where(r => r.Length == 1).Skip(1).Select(r => r[0]));

        Assert.Equal(National.Zhanghe2, Csv.Section(records, National.Title2));

        var table3 = Csv.Section(records, National.Title3);
        Assert.Equal(National.Header3, table3.Take(3));
        var rows3 = table3.Skip(3).ToList();
        Assert.Equal(National.Rows3For2021, rows3.Select(National.Leaf));
        Assert.All(rows3, r => Assert.Equal(Enumerable.Repeat("0", 7), r.Skip(3)));
        // The row-header hierarchy: 三、本年度办理结果 printed once over its 22 rows, group labels once over their items.
        Assert.Equal("三、本年度办理结果", rows3[2][0]);
        Assert.All(rows3.Skip(3).Take(21), r => Assert.Equal("", r[0]));
        Assert.Equal(["", "(三)不予公开", "1.属于国家秘密"], rows3[4].Take(3));
        Assert.Equal(["", "", "2.其他法律行政法规禁止公开"], rows3[5].Take(3));
        Assert.Equal(["", "(六)其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], rows3[20].Take(3));

        var table4 = Csv.Section(records, National.Title4);
        Assert.Equal([.. National.Header4, [.. Enumerable.Repeat("0", 15)]], table4);
    }

    [Fact]
    public void ExportReport_Xlsx_ReadsBackWithMiniExcelCellForCellWithNumericCells()
    {
        var file = Exporter.ExportReport(TestData.Zhanghe2021(), ExportFormat.Xlsx, "漳河新区");

        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.ContentType);
        Assert.Equal("report-jingmen-zhanghe-2021.xlsx", file.FileName);
        Assert.Equal(["二 主动公开", "三 依申请", "四 复议诉讼"], National.SheetNames(file.Content));

        var sheet2 = National.Sheet(file.Content, "二 主动公开");
        Assert.Equal(National.Title2, sheet2[0][0]);
        Assert.Equal(National.Zhanghe2, sheet2.Skip(1).Select(National.Show));
        // Counts and the fee are numeric cells; the fee reads back exactly.
        Assert.IsType<double>(sheet2[4][1]);
        Assert.Equal(55d, sheet2[4][3]);
        Assert.IsType<double>(sheet2[14][1]);
        Assert.Equal(7.522m, decimal.Parse(((double)sheet2[14][1]!).ToString("R"), System.Globalization.CultureInfo.InvariantCulture));

        var sheet3 = National.Sheet(file.Content, "三 依申请");
        Assert.Equal(National.Title3, sheet3[0][0]);
        Assert.Equal(National.Header3, sheet3.Skip(1).Take(3).Select(National.Show));
        var rows3 = sheet3.Skip(4).Select(National.Show).ToList();
        Assert.Equal(National.Rows3For2021, rows3.Select(National.Leaf));
        Assert.All(sheet3.Skip(4), r => Assert.All(r.Skip(3), v => Assert.Equal(0d, v)));

        var sheet4 = National.Sheet(file.Content, "四 复议诉讼");
        Assert.Equal(National.Title4, sheet4[0][0]);
        Assert.Equal([.. National.Header4, [.. Enumerable.Repeat("0", 15)]], sheet4.Skip(1).Select(National.Show));
        Assert.All(sheet4[4], v => Assert.Equal(0d, v));
    }

    [Fact]
    public void ExportReport_Xlsx_MergesTheNationalHeadings()
    {
        var file = Exporter.ExportReport(TestData.Zhanghe2021(), ExportFormat.Xlsx);

        var merges = Merges(file.Content);
        // 二: block headings across the table, single-value cells across the value columns.
        Assert.Contains("A2:D2", merges["二 主动公开"]);
        Assert.Contains("B7:D7", merges["二 主动公开"]);
        Assert.Contains("B15:D15", merges["二 主动公开"]);
        // 三: the balance note over the header block, 申请人情况, 法人或其他组织, 自然人/总计 over two rows,
        // 三、本年度办理结果 over its 22 rows, (三)不予公开 over its 8, row labels across the label columns.
        Assert.Superset(
            new HashSet<string> { "A2:C4", "D2:J2", "E3:I3", "D3:D4", "J3:J4", "A5:C5", "A6:C6", "A7:A28", "B7:C7", "B9:B16", "B25:B27", "B28:C28", "A29:C29" },
            merges["三 依申请"]);
        // 四: 行政复议 over five columns, its column headings over two rows, 行政诉讼 over ten, the two litigation groups.
        Assert.Superset(new HashSet<string> { "A2:E2", "F2:O2", "A3:A4", "E3:E4", "F3:J3", "K3:O3" }, merges["四 复议诉讼"]);
    }

    [Fact]
    public void ExportReport_Markdown_PrintsGitHubTablesWithTheSameLabels()
    {
        var file = Exporter.ExportReport(TestData.Zhanghe2021(), ExportFormat.Markdown, "漳河|新区");

        Assert.Equal("text/markdown; charset=utf-8", file.ContentType);
        Assert.Equal("report-jingmen-zhanghe-2021.md", file.FileName);
        var lines = Encoding.UTF8.GetString(file.Content).Split('\n');
        Assert.Equal("# 漳河\\|新区2021年政府信息公开工作年度报告", lines[0]);
        var at2 = Array.IndexOf(lines, "## " + National.Title2);
        Assert.Equal("| 第二十条第(一)项 |  |  |  |", lines[at2 + 2]);
        Assert.Equal("| --- | --- | --- | --- |", lines[at2 + 3]);
        Assert.Equal(
            National.Zhanghe2.Skip(1).Select(r => "| " + string.Join(" | ", r) + " |"),
            lines.Skip(at2 + 4).Take(13));
        var at3 = Array.IndexOf(lines, "## " + National.Title3);
        Assert.True(at3 > at2);
        Assert.Contains("| 四、结转下年度继续办理 |  |  | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", lines);
        Assert.Contains("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 |  |  |  |  | 复议后起诉 |  |  |  |  |", lines);
    }

    [Fact]
    public void ExportReport_Json_ParsesBackToAnEqualMessage()
    {
        var report = TestData.Zhanghe2021();

        var file = Exporter.ExportReport(report, ExportFormat.Json);

        Assert.Equal("application/json", file.ContentType);
        Assert.Equal("report-jingmen-zhanghe-2021.json", file.FileName);
        var json = Encoding.UTF8.GetString(file.Content);
        Assert.Contains("\"unit_id\": \"jingmen-zhanghe\"", json, StringComparison.Ordinal);
        Assert.Contains("\"administrative_fees_amount\": {", json, StringComparison.Ordinal);
        Assert.Equal(report, JsonParser.Default.Parse<Report>(json));
        // A reported 0 survives (presence), a not-reported cell stays absent.
        var parsed = JsonParser.Default.Parse<Report>(json);
        Assert.True(parsed.ProactiveDisclosure.HasAdministrativeCoercionDecisions);
        Assert.Equal(0, parsed.ProactiveDisclosure.AdministrativeCoercionDecisions);
    }

    [Fact]
    public void ExportReport_2019Format_PrintsThe2019TableShapeAnd23Rows()
    {
        var report = new Report
        {
            UnitId = "420802",
            Year = 2020,
            Format = FormatVersion._2019,
            ProactiveDisclosure2019 = new ProactiveDisclosure2019
            {
                Regulations = new DocumentCounts2019 { Made = 1, Published = 1, TotalPublished = 9 },
                AdministrativeLicensing = new ItemCounts2019 { PreviousItems = 120, Change = -18, Decisions = 3000 },
                AdministrativeFees = new ItemCounts2019 { PreviousItems = 7, Change = 0 },
                GovernmentProcurementItems = 31,
                GovernmentProcurementAmountYuan = new PbDecimal { Value = "75394432.52" },
            },
            Requests = TestData.Requests(FormatVersion._2019, (r, c) => TestData.RequestValue(r, c)),
        };

        var csv = Csv.Parse(Exporter.ExportReport(report, ExportFormat.Csv).Content);
        var xlsx = Exporter.ExportReport(report, ExportFormat.Xlsx).Content;

        var table2 = Csv.Section(csv, National.Title2);
        Assert.Equal(National.Labels2For2019.Length, table2.Count);
        for (var i = 0; i < table2.Count; i++)
        {
            Assert.Equal(National.Labels2For2019[i], table2[i].Take(National.Labels2For2019[i].Length));
        }

        Assert.Equal(["规章", "1", "1", "9"], table2[2]);
        Assert.Equal(["规范性文件", "", "", ""], table2[3]);
        Assert.Equal(["行政许可", "120", "-18", "3000"], table2[6]);
        Assert.Equal(["行政事业性收费", "7", "0", ""], table2[14]);
        Assert.Equal(["政府集中采购", "31", "75394432.52", ""], table2[17]);

        var rows3 = Csv.Section(csv, National.Title3).Skip(3).ToList();
        Assert.Equal(National.Rows3OneOtherRow, rows3.Select(National.Leaf));
        Assert.Equal(["", "(六)其他处理", ""], rows3[20].Take(3));
        for (var r = 0; r < rows3.Count; r++)
        {
            Assert.Equal(National.Columns3.Select(c => TestData.RequestValue(National.RowIds3OneOtherRow[r], c).ToString(System.Globalization.CultureInfo.InvariantCulture)), rows3[r].Skip(3));
        }

        // 四 absent: every cell blank, never 0.
        Assert.Equal(Enumerable.Repeat("", 15), Csv.Section(csv, National.Title4)[3]);

        var sheet2 = National.Sheet(xlsx, "二 主动公开");
        Assert.Equal(-18d, sheet2[7][2]);
        Assert.Equal(75394432.52d, sheet2[18][2]);
        Assert.Null(sheet2[4][1]);
        var sheet3 = National.Sheet(xlsx, "三 依申请");
        Assert.Equal(3 + 1 + 23, sheet3.Count);
        Assert.Equal(National.Rows3OneOtherRow, sheet3.Skip(4).Select(National.Show).Select(National.Leaf));
    }

    [Fact]
    public void ExportReport_2021WithOtherHandlingTotalOnly_PrintsTheHybridSingleRow()
    {
        var report = TestData.Zhanghe2021();
        report.Requests = TestData.Requests(FormatVersion._2021, (r, c) => TestData.RequestValue(r, c), otherHandlingAsOneRow: true);

        var rows3 = Csv.Section(Csv.Parse(Exporter.ExportReport(report, ExportFormat.Csv).Content), National.Title3).Skip(3).ToList();

        Assert.Equal(National.Rows3OneOtherRow, rows3.Select(National.Leaf));
        Assert.Equal(
            National.Columns3.Select(c => TestData.RequestValue("other_handling.total", c).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            rows3[20].Skip(3));
    }

    [Fact]
    public void ExportReport_2021WithNothingOfOtherHandling_KeepsThe25Rows()
    {
        var report = TestData.Zhanghe2021();
        report.Requests = TestData.Requests(FormatVersion._2021, (row, c) => row.StartsWith("other_handling.", StringComparison.Ordinal) ? null : 1);

        var rows3 = Csv.Section(Csv.Parse(Exporter.ExportReport(report, ExportFormat.Csv).Content), National.Title3).Skip(3).ToList();

        Assert.Equal(National.Rows3For2021, rows3.Select(National.Leaf));
        Assert.All(rows3.Skip(20).Take(3), r => Assert.Equal(Enumerable.Repeat("", 7), r.Skip(3)));
        Assert.Equal(Enumerable.Repeat("1", 7), rows3[19].Skip(3));
    }

    [Fact]
    public void ExportReport_MoneyBeyondDoublePrecision_IsTextInXlsxAndExactEverywhere()
    {
        var report = TestData.Zhanghe2021();
        report.ProactiveDisclosure.AdministrativeFeesAmount = new PbDecimal { Value = "123456789012.345678" };

        var sheet2 = National.Sheet(Exporter.ExportReport(report, ExportFormat.Xlsx).Content, "二 主动公开");
        var csv = Csv.Section(Csv.Parse(Exporter.ExportReport(report, ExportFormat.Csv).Content), National.Title2);

        Assert.Equal("123456789012.345678", Assert.IsType<string>(sheet2[14][1]));
        Assert.Equal("123456789012.345678", csv[13][1]);
    }

    [Fact]
    public void ExportReport_MoneyWithTrailingZeros_IsWrittenAsItsExactValue()
    {
        var report = TestData.Zhanghe2021();
        report.ProactiveDisclosure.AdministrativeFeesAmount = new PbDecimal { Value = "5949.088667" };

        var sheet2 = National.Sheet(Exporter.ExportReport(report, ExportFormat.Xlsx).Content, "二 主动公开");

        Assert.Equal("5949.088667", National.Show(Assert.IsType<double>(sheet2[14][1])));
    }

    [Fact]
    public void ExportReport_InvalidReport_Throws()
    {
        var report = TestData.Zhanghe2021();
        report.ProactiveDisclosure.AdministrativeFeesAmount = new PbDecimal { Value = "7,5" };

        var error = Assert.Throws<ArgumentException>(() => Exporter.ExportReport(report, ExportFormat.Csv));
        Assert.Contains("s2.administrative_fees.amount", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportReport_UnspecifiedFormat_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Exporter.ExportReport(TestData.Zhanghe2021(), ExportFormat.Unspecified));

    internal static Dictionary<string, HashSet<string>> Merges(byte[] xlsx)
    {
        using var stream = new MemoryStream(xlsx);
        using var package = SpreadsheetDocument.Open(stream, false);
        var workbook = package.WorkbookPart!;
        return workbook.Workbook.Sheets!.Elements<Sheet>().ToDictionary(
            s => s.Name!.Value!,
            s => ((WorksheetPart)workbook.GetPartById(s.Id!.Value!)).Worksheet.Elements<MergeCells>()
                .SelectMany(m => m.Elements<MergeCell>()).Select(m => m.Reference!.Value!).ToHashSet());
    }
}
