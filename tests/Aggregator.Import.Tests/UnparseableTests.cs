using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// Documents that cannot be parsed give errors naming the section, the line and what was expected,
/// and no report — never a half-imported report.
/// </summary>
public sealed class UnparseableTests
{
    private static readonly ImportOptions s_options = new("jingmen-zhanghe", 2021);

    private static string Fixture => TestData.Read("zhanghe-2021.txt");

    private static int LineOf(string text, string startsWith) =>
        text.Split('\n').Select((l, i) => (l, i)).First(x => x.l.StartsWith(startsWith, StringComparison.Ordinal)).i + 1;

    [Fact]
    public void Row_of_table_3_with_six_figures_is_an_error_with_its_line()
    {
        var text = Fixture.Replace("2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||", "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0", StringComparison.Ordinal);
        var error = ImportAssert.Failed(ReportImporter.Import(text, s_options), "三");
        Assert.Equal(LineOf(text, "2.重复申请"), error.Line);
        Assert.Contains("7 figure cells", error.Expected, StringComparison.Ordinal);
        Assert.Contains("重复申请", error.Expected, StringComparison.Ordinal);
        Assert.Contains("6 figure cells", error.Found, StringComparison.Ordinal);
        Assert.Contains($"line {error.Line}", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains($"第{error.Line}行", error.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void Row_of_table_3_with_eight_figures_is_an_error()
    {
        var text = Fixture.Replace("2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||", "2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1 |", StringComparison.Ordinal);
        var error = ImportAssert.Failed(ReportImporter.Import(text, s_options), "三");
        Assert.Equal(LineOf(text, "2.重复申请"), error.Line);
    }

    [Fact]
    public void Row_of_table_2_with_two_figures_where_three_are_due_is_an_error()
    {
        var text = Fixture.Replace("行政规范性文件 | 5 | 23 | 55 |", "行政规范性文件 | 5 | 2355", StringComparison.Ordinal);
        var error = ImportAssert.Failed(ReportImporter.Import(text, s_options), "二");
        Assert.Equal(LineOf(text, "行政规范性文件"), error.Line);
        Assert.Contains("3 figure cells", error.Expected, StringComparison.Ordinal);
        Assert.Contains("2355", error.Found, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("行政处罚 | 895 |", "行政处罚 | abc |", "二", "行政处罚")]
    [InlineData("行政事业性收费 | 7.522", "行政事业性收费 | 7.5.22", "二", "行政事业性收费")]
    [InlineData("4.保护第三方合法权益 | 0 | 0 | 0 |", "4.保护第三方合法权益 | 0 | abc | 0 |", "三", "4.保护第三方合法权益")]
    [InlineData("(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 0", "(七)总计 | 0 | 0 | 0 | 0 | 0 | 0 | 1.5", "三", "(七)总计")]
    [InlineData("0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "0 | 0 | 0 | x | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "四", "0 | 0 | 0 | x")]
    public void Non_numeric_cell_is_an_error(string original, string broken, string section, string lineStart)
    {
        Assert.Contains(original, Fixture, StringComparison.Ordinal);
        var text = Fixture.Replace(original, broken, StringComparison.Ordinal);
        var error = ImportAssert.Failed(ReportImporter.Import(text, s_options), section);
        Assert.Equal(LineOf(text, lineStart), error.Line);
        Assert.Contains("number", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_4_flattened_to_a_digit_run_is_an_error_not_a_guess()
    {
        var text = Fixture.Replace("0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |", "000000000000000", StringComparison.Ordinal);
        var result = ReportImporter.Import(text, s_options);
        var error = ImportAssert.Failed(result, "四");
        Assert.Equal(LineOf(text, "000000000000000"), error.Line);
        Assert.Contains("000000000000000", error.Found, StringComparison.Ordinal);
        Assert.Contains("|", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Table_3_row_flattened_into_one_cell_is_an_error()
    {
        var text = Fixture.Replace("一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||", "一、本年新收政府信息公开申请数量 | 0000000", StringComparison.Ordinal);
        var error = ImportAssert.Failed(ReportImporter.Import(text, s_options), "三");
        Assert.Equal(LineOf(text, "一、本年新收"), error.Line);
        Assert.Contains("0000000", error.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Whole_table_3_flattened_without_separators_is_an_error()
    {
        var lines = Fixture.Split('\n').ToList();
        var start = lines.FindIndex(l => l.StartsWith("三、收到和处理", StringComparison.Ordinal)) + 1;
        var end = lines.FindIndex(l => l.StartsWith("四、政府信息公开行政复议", StringComparison.Ordinal));
        for (var i = start; i < end; i++)
        {
            lines[i] = lines[i].Replace(" | ", "", StringComparison.Ordinal).Replace("|", "", StringComparison.Ordinal);
        }

        var result = ReportImporter.Import(string.Join('\n', lines), s_options);
        var errors = result.Errors.Where(e => e.Section == "三").ToList();
        ImportAssert.Failed(result, "三");
        Assert.Contains(errors, e => e.Line == start + 4 && e.Found.Contains("0000000", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == start && e.Found.Contains("no table", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_row_of_table_3_is_an_error()
    {
        var text = Fixture.Replace("2.重复申请 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||\n", "", StringComparison.Ordinal);
        var error = ImportAssert.Failed(ReportImporter.Import(text, s_options), "三");
        Assert.Contains("重复申请", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Unrecognised_row_with_figures_is_an_error()
    {
        var text = Fixture.Replace("行政强制 | 0 | ||", "行政强制 | 0 | ||\n行政征收 | 12 | ||", StringComparison.Ordinal);
        var error = ImportAssert.Failed(ReportImporter.Import(text, s_options), "二");
        Assert.Contains("行政征收", error.Found, StringComparison.Ordinal);
    }

    [Fact]
    public void Heading_without_a_table_is_an_error()
    {
        var lines = Fixture.Split('\n').ToList();
        var heading = lines.FindIndex(l => l.StartsWith("四、政府信息公开行政复议", StringComparison.Ordinal));
        var next = lines.FindIndex(l => l.StartsWith("五、", StringComparison.Ordinal));
        lines.RemoveRange(heading + 1, next - heading - 1);
        lines.Insert(heading + 1, "本年度未发生行政复议、行政诉讼。");
        var error = ImportAssert.Failed(ReportImporter.Import(string.Join('\n', lines), s_options), "四");
        Assert.Equal(heading + 1, error.Line);
        Assert.Contains("15 figures", error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_without_any_report_part_is_a_document_error()
    {
        var error = ImportAssert.Failed(ReportImporter.Import("这不是年度报告。\n只是一段文字。", s_options), "document");
        Assert.Null(error.Line);
    }

    [Fact]
    public void Html_table_with_a_row_of_the_wrong_width_is_an_error_naming_table_and_row()
    {
        const string Html = """
            <html><body><div>
            <p>四、政府信息公开行政复议、行政诉讼情况</p>
            <div align=center><table>
            <tr><td colspan=5>行政复议</td><td colspan=10>行政诉讼</td></tr>
            <tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>
            <tr><td colspan=15>0 0 0 0 0 0 0 0 0 0 0 0 0 0 0</td></tr>
            </table></div></div></body></html>
            """;
        var error = ImportAssert.Failed(ReportImporter.Import(Html, s_options), "四");
        Assert.Equal(3, error.Line);
        Assert.Contains("table 1, row 3", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("15 figure cells", error.Expected, StringComparison.Ordinal);
    }
}
