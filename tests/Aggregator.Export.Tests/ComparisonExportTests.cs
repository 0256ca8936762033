using System.Text;
using Aggregator.Contracts.V1;
using Google.Protobuf;

namespace Aggregator.Export.Tests;

public sealed class ComparisonExportTests
{
    private static readonly CompareResponse s_comparison = TestData.Comparison();

    [Fact]
    public void ExportComparison_Csv_PrintsRanksTiesAndNotComparable()
    {
        var file = Exporter.ExportComparison(s_comparison, ExportFormat.Csv, "荆门市", 2021);

        Assert.Equal("compare-荆门市-2021-s3.new_requests.total.csv", file.FileName);
        var records = Csv.Parse(file.Content);
        Assert.Equal("荆门市 2021年 比较:一、本年新收政府信息公开申请数量·总计(s3.new_requests.total) / comparison: new requests this year / total", records[0][0]);
        var table = Csv.Section(records, "比较:一、本年新收政府信息公开申请数量·总计(s3.new_requests.total) / comparison: new requests this year / total");
        Assert.Equal(
            ["排名 / rank", "单位代码 / unit id", "单位名称 / unit", "值 / value", "占比(%) / share (%)", "与中位数之差 / diff from median",
             "修正Z值 / modified z", "异常值 / outlier", "上年值 / previous", "同比变化 / YoY change", "同比变化率(%) / YoY (%)", "来源 / source"],
            table[0]);
        Assert.Equal(["1", "2", "2", "4", ""], table.Skip(1).Select(r => r[0]));
        Assert.Equal(["1", "420802", "东宝区", "50", "50", "30", "2.0235", "否 / no", "40", "10", "25", "报送 / submission"], table[1]);
        Assert.Equal(["不可比 / not comparable", "不可比 / not comparable", "不可比 / not comparable"], table[2][8..11]);
        Assert.Equal(["2", "420881", "钟祥市", "20", "20", "0", "0", "否 / no", "25", "-5", "-20", "报送 / submission"], table[3]);
        Assert.Equal(["", "jingmen-zhanghe", "漳河新区", "", "", "", "", "", "", "", "", "已公开报告 / published record"], table[5]);

        var summary = Csv.Section(records, "汇总 / summary");
        Assert.Equal(["合计 / total", "100"], summary[2]);
        Assert.Equal(["中位数 / median", "20"], summary[3]);
        Assert.Equal(["中位数绝对偏差 / MAD", "10"], summary[4]);
    }

    [Fact]
    public void ExportComparison_Xlsx_ReadsBackRanksAsNumbers()
    {
        var file = Exporter.ExportComparison(s_comparison, ExportFormat.Xlsx, "荆门市", 2021);

        Assert.Equal(["比较"], National.SheetNames(file.Content));
        var rows = National.Sheet(file.Content, "比较");
        Assert.Equal([1d, 2d, 2d, 4d, null], rows.Skip(2).Take(5).Select(r => r[0]));
        Assert.Equal(-0.6745d, rows[5][6]);
        Assert.Equal("不可比 / not comparable", rows[3][10]);
    }

    [Fact]
    public void ExportComparison_Markdown_ShowsNotComparable()
    {
        var text = Encoding.UTF8.GetString(Exporter.ExportComparison(s_comparison, ExportFormat.Markdown).Content);

        Assert.Contains("| 2 | 420804 | 掇刀区 | 20 | 20 | 0 | 0 | 否 / no | 不可比 / not comparable | 不可比 / not comparable | 不可比 / not comparable | 报送 / submission |", text, StringComparison.Ordinal);
        Assert.Contains("| 4 | 420882 | 京山市 | 10 | 10 | -10 | -0.6745 |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ExportComparison_Json_ParsesBackToAnEqualMessage()
    {
        var file = Exporter.ExportComparison(s_comparison, ExportFormat.Json, "荆门市", 2021);

        Assert.Equal("compare-荆门市-2021-s3.new_requests.total.json", file.FileName);
        Assert.Equal(s_comparison, JsonParser.Default.Parse<CompareResponse>(Encoding.UTF8.GetString(file.Content)));
    }

    [Fact]
    public void ExportComparison_WithoutUnitOrYear_NamesTheFileByMetric() =>
        Assert.Equal("compare-s3.new_requests.total.md", Exporter.ExportComparison(s_comparison, ExportFormat.Markdown).FileName);
}
