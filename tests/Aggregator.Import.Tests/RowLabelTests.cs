using Aggregator.Contracts.V1;
using Aggregator.Domain.Rules;
using Severity = Aggregator.Domain.Rules.Severity;
using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// Rows of table 三 placed by position and label together: a printed label that differs from the
/// national one is accepted when its place and shape make it unambiguous, with an
/// <see cref="RuleCatalog.RowLabel"/> warning naming both labels; a row that cannot be placed is refused.
/// </summary>
public sealed class RowLabelTests
{
    private static readonly ImportOptions s_options = new("420804", 2022);

    private const string NationalProhibited = "2.其他法律行政法规禁止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||";

    private static string Sample() => File.ReadAllText(Path.Combine(TestData.RepositoryRoot(), "samples", "published", "420804-2022.txt"));

    private static string WithRow(string national, string printed)
    {
        var sample = Sample();
        Assert.Contains(national, sample, StringComparison.Ordinal);
        return sample.Replace(national, printed, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2.其他法律行政止公开")] // characters missing, as printed in a real 2024 report
    [InlineData("其他法律行政止公开")] // and without its item number
    [InlineData("2.其他法律行政法規禁止公開")] // traditional characters
    [InlineData("2.其它法律、行政法规禁止公开")] // a typo and an extra character
    [InlineData("2.其他法律行政法规禁止公开(注:含涉密)")] // a trailing note
    public void A_misspelled_label_is_placed_by_position_with_a_warning(string printed)
    {
        var result = ReportImporter.Import(WithRow(NationalProhibited, $"{printed} | 3 | 1 | 0 | 0 | 0 | 0 | 4 | ||"), s_options);
        var report = ImportAssert.Succeeded(result);

        ImportAssert.SameCells(new RequestRow { NaturalPerson = 3, CommercialEnterprise = 1, ResearchInstitution = 0, SocialWelfareOrg = 0, LegalServiceOrg = 0, OtherOrg = 0, Total = 4 }, report.Requests.WithheldProhibitedByLaw);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(RuleCatalog.RowLabel, finding.RuleId);
        Assert.Equal(Severity.Warning, finding.Severity);
        Assert.True(finding.IsWarning);
        Assert.Equal("2.其他法律行政法规禁止公开", finding.Computed);
        Assert.Equal(RuleCatalog.Descriptions.Single(d => d.Id == RuleCatalog.RowLabel).Severity, finding.Severity);
        Assert.Contains("s3.withheld.prohibited_by_law.total", finding.Cells);
        Assert.Contains("2.其他法律行政法规禁止公开", finding.MessageZh, StringComparison.Ordinal);
        Assert.Contains(finding.Reported, finding.MessageEn, StringComparison.Ordinal);
        Assert.Contains("第28行", finding.MessageZh, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("２．其他法律行政法规禁止公开")] // full-width digit and dot
    [InlineData("2、其他法律 行政法规禁止公开")] // 、 after the number, a space inside
    public void Width_spaces_and_number_punctuation_are_not_differences(string printed)
    {
        var result = ReportImporter.Import(WithRow(NationalProhibited, $"{printed} | 3 | 1 | 0 | 0 | 0 | 0 | 4 | ||"), s_options);
        var report = ImportAssert.Succeeded(result);
        Assert.Equal(4, report.Requests.WithheldProhibitedByLaw.Total);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Full_path_labels_put_item_3_in_other_not_in_the_other_handling_total()
    {
        var text = WithRow("3.其他 | 1 | ０ |  0  | 0 | ０ | 0 | 1 | ||", "三、本年度办理结果 （六）其他处理 3.其他 | 5 | ０ |  0  | 0 | ０ | 0 | 5 | ||");
        var result = ReportImporter.Import(text, s_options);
        var requests = ImportAssert.Succeeded(result).Requests;

        Assert.Equal(5, requests.OtherHandlingOther.Total);
        Assert.Equal(5, requests.OtherHandlingOther.NaturalPerson);
        Assert.Null(requests.OtherHandlingTotal);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Full_path_labels_in_every_row_import_like_the_national_layout()
    {
        var national = ImportAssert.Succeeded(ReportImporter.Import(Sample(), s_options));
        var lines = Sample().Split('\n');
        var group = "";
        var first = Array.FindIndex(lines, l => l.StartsWith("一、本年新收", StringComparison.Ordinal));
        var end = Array.FindIndex(lines, l => l.StartsWith("四、结转下年度", StringComparison.Ordinal));
        for (var i = first; i < end; i++)
        {
            var cells = lines[i].Split('|');
            if (cells.Length < 8 || !System.Text.RegularExpressions.Regex.IsMatch(cells[0].Trim(), @"^(\(|\d)"))
            {
                continue;
            }

            if (cells[0].Trim().StartsWith('(') && System.Text.RegularExpressions.Regex.IsMatch(cells[1].Trim(), @"^\d\."))
            {
                group = cells[0].Trim();
                lines[i] = $"三、本年度办理结果 {group} {cells[1].Trim()} |" + string.Join('|', cells[2..]);
            }
            else if (cells[0].Trim().StartsWith('(') && !cells[0].Contains("三、", StringComparison.Ordinal))
            {
                lines[i] = $"三、本年度办理结果 {cells[0].Trim()} |" + string.Join('|', cells[1..]);
            }
            else if (char.IsDigit(cells[0].Trim()[0]))
            {
                lines[i] = $"三、本年度办理结果 {group} {cells[0].Trim()} |" + string.Join('|', cells[1..]);
            }
        }

        var result = ReportImporter.Import(string.Join('\n', lines), s_options);
        var report = ImportAssert.Succeeded(result);
        ImportAssert.SameCells(national.Requests, report.Requests);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_row_that_cannot_be_placed_is_refused_naming_the_row_and_why()
    {
        var text = WithRow("2.重复申请 | 1 |", "其他情况 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||\n2.重复申请 | 1 |");
        var result = ReportImporter.Import(text, s_options);
        var error = ImportAssert.Failed(result, "三");
        Assert.Contains("其他情况", error.Found, StringComparison.Ordinal);
        Assert.Contains("cannot be placed", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("2.重复申请", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("无法确定", error.MessageZh, StringComparison.Ordinal);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void A_label_with_the_wrong_item_number_for_its_place_is_refused()
    {
        var text = WithRow(NationalProhibited, "5.其他法律行政止公开 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | ||");
        var result = ReportImporter.Import(text, s_options);
        Assert.Null(result.Report);
        Assert.NotEmpty(result.Errors);
    }

    [Theory]
    [InlineData("行政规范姓文件")] // a typo in the keyword
    [InlineData("行政規範性文件")] // traditional characters
    public void A_misspelled_table_2_row_is_placed_with_a_warning(string printed)
    {
        var result = ReportImporter.Import(WithRow("行政规范性文件 | 7 | ６ | 79 |", $"{printed} | 7 | ６ | 79 |"), s_options);
        var report = ImportAssert.Succeeded(result);
        Assert.Equal(7, report.ProactiveDisclosure.NormativeDocuments.Issued);
        Assert.Equal(79, report.ProactiveDisclosure.NormativeDocuments.InForce);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(RuleCatalog.RowLabel, finding.RuleId);
        Assert.Equal(printed, finding.Reported);
        Assert.Equal("行政规范性文件", finding.Computed);
        Assert.Equal("s2.normative_documents.issued", Assert.Single(finding.Cells));
    }

    [Fact]
    public void A_table_2_row_close_to_no_row_is_still_refused()
    {
        var result = ReportImporter.Import(WithRow("行政规范性文件 | 7 | ６ | 79 |", "其他文件 | 7 | ６ | 79 |"), s_options);
        Assert.Null(result.Report);
        Assert.Contains(result.Errors, e => e.Section == "二" && e.Found.Contains("其他文件", StringComparison.Ordinal));
    }

    [Fact]
    public void Misspelled_table_4_headers_do_not_matter()
    {
        var text = Sample().Replace("未经复议直接起诉", "未经复议直接起述", StringComparison.Ordinal).Replace("结果维持 | 结果 纠正", "结果唯持 | 结果 纠证", StringComparison.Ordinal);
        var national = ImportAssert.Succeeded(ReportImporter.Import(Sample(), s_options));
        var result = ReportImporter.Import(text, s_options);
        ImportAssert.SameCells(national.ReviewLitigation, ImportAssert.Succeeded(result).ReviewLitigation);
    }

    [Fact]
    public void The_published_samples_raise_no_row_label_warning()
    {
        var dir = Path.Combine(TestData.RepositoryRoot(), "samples", "published");
        foreach (var file in Directory.GetFiles(dir).Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal)))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            var year = int.Parse(name[^4..], System.Globalization.CultureInfo.InvariantCulture);
            var result = ReportImporter.Import(File.ReadAllText(file), new ImportOptions(name[..^5], year));
            Assert.True(result.Success, file);
            Assert.True(result.Findings.Count == 0, $"{file}: {string.Join("; ", result.Findings.Select(f => f.MessageEn))}");
        }
    }
}
