using Aggregator.Contracts.V1;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Aggregator.Export.Tests;

/// <summary>The Word export: schema-valid, the six sections in order, tables 二/三/四 as Word tables with merged headings.</summary>
public sealed class DocxExportTests
{
    public static TheoryData<string> Kinds => ["report", "rollup"];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Export_Docx_IsSchemaValidOpenXml(string kind)
    {
        var file = Export(kind);

        using var package = WordprocessingDocument.Open(new MemoryStream(file.Content), false);
        var errors = new OpenXmlValidator().Validate(package).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

        Assert.Empty(errors);
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", file.ContentType);
        Assert.EndsWith(".docx", file.FileName, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Docx_HasTheSixSectionsInOrder_AndThreeTablesWithMergedHeadings()
    {
        using var package = WordprocessingDocument.Open(new MemoryStream(Export("report").Content), false);
        var body = package.MainDocumentPart!.Document.Body!;
        var paragraphs = body.Elements<Paragraph>().Select(p => p.InnerText).ToList();
        var tables = body.Elements<Table>().ToList();

        string[] headings =
        [
            "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
        ];
        var positions = headings.Select(h => paragraphs.IndexOf(h)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Equal(3, tables.Count);
        Assert.Contains("本年制发件数", tables[0].InnerText, StringComparison.Ordinal);
        Assert.Contains("申请人情况", tables[1].InnerText, StringComparison.Ordinal);
        Assert.Contains("未经复议直接起诉", tables[2].InnerText, StringComparison.Ordinal);
        Assert.Contains(tables[1].Descendants<GridSpan>(), g => g.Val?.Value == 7);
        Assert.Contains(tables[1].Descendants<VerticalMerge>(), v => v.Val?.Value == MergedCellValues.Restart);
        Assert.Contains(tables[2].Descendants<GridSpan>(), g => g.Val?.Value == 10);
        // Every row of a table covers the table's grid exactly.
        foreach (var table in tables)
        {
            var columns = table.GetFirstChild<TableGrid>()!.Elements<GridColumn>().Count();
            Assert.All(table.Elements<TableRow>(), row =>
                Assert.Equal(columns, row.Elements<TableCell>().Sum(c => c.TableCellProperties?.GridSpan?.Val?.Value ?? 1)));
        }

        // 漳河新区 2021 has no narratives: each labelled part shows the placeholder.
        Assert.Contains("(未填写)", paragraphs);
        Assert.Contains("3949", tables[0].InnerText, StringComparison.Ordinal);
        Assert.Contains("7.522", tables[0].InnerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollup_Docx_SaysItsScope_AndLeavesTheNarrativesToTheOffice()
    {
        using var package = WordprocessingDocument.Open(new MemoryStream(Export("rollup").Content), false);
        var paragraphs = package.MainDocumentPart!.Document.Body!.Elements<Paragraph>().Select(p => p.InnerText).ToList();

        Assert.Contains(paragraphs, p => p.EndsWith("年政府信息公开工作年度报告(汇总)", StringComparison.Ordinal));
        Assert.Contains(paragraphs, p => p.StartsWith("本报告由 ", StringComparison.Ordinal));
        Assert.Contains("(此处由本级政府信息公开工作主管部门填写)", paragraphs);
    }

    [Fact]
    public void Comparison_Docx_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Exporter.ExportComparison(TestData.Comparison(), ExportFormat.Docx));
    }

    private static ExportedFile Export(string kind) => kind == "report"
        ? Exporter.ExportReport(TestData.Zhanghe2021(), ExportFormat.Docx, "漳河新区")
        : Exporter.ExportRollup(TestData.JingmenRollup(), ExportFormat.Docx, "荆门市");
}
