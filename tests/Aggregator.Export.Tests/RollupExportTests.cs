using System.Text;
using Aggregator.Contracts.V1;
using Google.Protobuf;

namespace Aggregator.Export.Tests;

public sealed class RollupExportTests
{
    private static readonly Rollup s_rollup = TestData.JingmenRollup();

    [Fact]
    public void ExportRollup_Csv_PrintsTheTotalAsTheNationalTablesWithExactMoneyAndBlanks()
    {
        var file = Exporter.ExportRollup(s_rollup, ExportFormat.Csv, "荆门市");

        Assert.Equal("rollup-jingmen-2021.csv", file.FileName);
        var records = Csv.Parse(file.Content);
        Assert.Equal(["荆门市2021年政府信息公开工作年度报告(汇总)"], records[0]);

        var table2 = Csv.Section(records, National.Title2);
        Assert.Equal(National.Zhanghe2.Select(r => r[0]), table2.Select(r => r[0]));
        Assert.Equal(["行政规范性文件", "10", "46", "110"], table2[3]);
        Assert.Equal(["行政强制", "", "", ""], table2[10]);
        Assert.Equal(["行政事业性收费", "0.3", "", ""], table2[13]);

        var rows3 = Csv.Section(records, National.Title3).Skip(3).ToList();
        Assert.Equal(National.Rows3For2021, rows3.Select(National.Leaf));
        for (var r = 0; r < rows3.Count; r++)
        {
            for (var c = 0; c < 7; c++)
            {
                var expected = National.RowIds3For2021[r] == "new_requests" && National.Columns3[c] == "legal_service_org"
                    ? ""
                    : TestData.RequestValue(National.RowIds3For2021[r], National.Columns3[c]).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(expected, rows3[r][3 + c]);
            }
        }

        Assert.Equal(Enumerable.Range(1, 15).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), Csv.Section(records, National.Title4)[3]);
    }

    [Fact]
    public void ExportRollup_Csv_AddsCoverageUnitsFindingsAndIndicators()
    {
        var records = Csv.Parse(Exporter.ExportRollup(s_rollup, ExportFormat.Csv).Content);

        var coverage = Csv.Section(records, "覆盖情况(各单元格报告单位数) / coverage");
        Assert.Equal(["单元格 / cell", "名称 / label", "汇总值 / total", "报告单位数 / reporting units", "应报单位数 / expected units"], coverage[0]);
        Assert.Equal(["s2.administrative_fees.amount", "行政事业性收费·本年收费金额(万元)", "0.3", "2", "3"], coverage.Single(r => r[0] == "s2.administrative_fees.amount"));
        Assert.Equal(["s2.administrative_coercion.decisions", "行政强制·本年处理决定数量", "", "0", "3"], coverage.Single(r => r[0] == "s2.administrative_coercion.decisions"));
        Assert.Equal("1", coverage.Single(r => r[0] == "s3.new_requests.natural_person")[3]);
        Assert.DoesNotContain(coverage, r => r[0] == "s2.government_procurement.items");
        Assert.Equal(
            coverage.Select(r => r[0]).Where(p => p.StartsWith("s3.", StringComparison.Ordinal)).Take(2),
            ["s3.new_requests.natural_person", "s3.new_requests.commercial_enterprise"]);

        Assert.Equal(["应报单位数 / expected units", "3"], Csv.Section(records, "汇总范围 / scope")[1]);
        var contributing = Csv.Section(records, "已汇总单位 / contributing units");
        Assert.Equal(["420802", "东宝区", "报送 / submission", "3", "已通过 / accepted"], contributing[1]);
        Assert.Equal(["jingmen-zhanghe", "漳河新区", "已公开报告 / published record", "1", "已公开 / published"], contributing[2]);
        Assert.Equal(["420804", "掇刀区", "未报送 / no submission"], Csv.Section(records, "未计入单位 / missing units")[1]);

        var finding = Csv.Section(records, "勾稽关系检查 / findings")[1];
        Assert.Equal(["A3.row_total", "错误 / error", "无法判断 / not assessable", "s3.new_requests.total s3.new_requests.legal_service_org", "", ""], finding.Take(6));
        Assert.Equal("new_requests has a cell not reported, \"total\" cannot be checked", finding[7]);

        var indicators = Csv.Section(records, "指标 / indicators");
        Assert.Equal(["disclosure_rate", "公开率", "0.75", "disclosure rate"], indicators[1]);
        Assert.Equal(["reconsideration_correction_rate", "复议纠错率", "", "reconsideration correction rate"], indicators[2]);
    }

    [Fact]
    public void ExportRollup_Xlsx_HasTheTableSheetsAndTheRollupSheetsWithExactMoney()
    {
        var file = Exporter.ExportRollup(s_rollup, ExportFormat.Xlsx, "荆门市");

        Assert.Equal("rollup-jingmen-2021.xlsx", file.FileName);
        Assert.Equal(["二 主动公开", "三 依申请", "四 复议诉讼", "覆盖", "单位", "检查", "指标"], National.SheetNames(file.Content));

        var sheet2 = National.Sheet(file.Content, "二 主动公开");
        var fee = Assert.IsType<double>(sheet2[14][1]);
        Assert.Equal("0.3", National.Show(fee));
        Assert.Equal(0.3m, decimal.Parse(fee.ToString("R"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Null(sheet2[11][1]);

        var sheet3 = National.Sheet(file.Content, "三 依申请");
        Assert.Null(sheet3[4][3 + 4]);
        Assert.Equal(0d, sheet3[4][3]);
        Assert.Equal((double)TestData.RequestValue("carried_forward", "total"), sheet3[28][9]);

        var coverage = National.Sheet(file.Content, "覆盖");
        Assert.Equal("覆盖情况(各单元格报告单位数) / coverage", coverage[0][0]);
        var fees = coverage.Single(r => Equals(r[0], "s2.administrative_fees.amount"));
        Assert.Equal(["s2.administrative_fees.amount", "行政事业性收费·本年收费金额(万元)", "0.3", "2", "3"], National.Show(fees));

        var units = National.Sheet(file.Content, "单位").Select(National.Show).ToList();
        Assert.Contains(units, r => r.Take(3).SequenceEqual(["420804", "掇刀区", "未报送 / no submission"]));
        Assert.Contains(units, r => r[0] == "已汇总单位 / contributing units");
        Assert.Contains(National.Sheet(file.Content, "检查").Select(National.Show), r => r[0] == "A3.row_total");
        Assert.Contains(National.Sheet(file.Content, "指标").Select(National.Show), r => r.Take(3).SequenceEqual(["disclosure_rate", "公开率", "0.75"]));
    }

    [Fact]
    public void ExportRollup_Markdown_HasEverySection()
    {
        var text = Encoding.UTF8.GetString(Exporter.ExportRollup(s_rollup, ExportFormat.Markdown, "荆门市").Content);

        Assert.StartsWith("# 荆门市2021年政府信息公开工作年度报告(汇总)\n", text, StringComparison.Ordinal);
        foreach (var title in new[] { National.Title2, National.Title3, National.Title4, "覆盖情况(各单元格报告单位数) / coverage", "已汇总单位 / contributing units", "未计入单位 / missing units", "勾稽关系检查 / findings", "指标 / indicators" })
        {
            Assert.Contains("\n## " + title + "\n", text, StringComparison.Ordinal);
        }

        Assert.Contains("| 行政事业性收费 | 0.3 |  |  |", text, StringComparison.Ordinal);
        Assert.Contains("| 行政强制 |  |  |  |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportRollup_Json_ParsesBackToAnEqualMessage()
    {
        var file = Exporter.ExportRollup(s_rollup, ExportFormat.Json);

        Assert.Equal("rollup-jingmen-2021.json", file.FileName);
        Assert.Equal(s_rollup, JsonParser.Default.Parse<Rollup>(Encoding.UTF8.GetString(file.Content)));
    }
}
