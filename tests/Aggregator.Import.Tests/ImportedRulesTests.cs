using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>Imported documents through the domain's rule engine (the one definition of every rule).</summary>
public sealed class ImportedRulesTests
{
    private static ValidationResult Validate(string document)
    {
        var report = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read(document), new ImportOptions("jingmen-zhanghe", 2021)));
        var mapped = ReportMapper.ToDomain(report);
        Assert.True(mapped.Success, string.Join("; ", mapped.Errors.Select(e => e.MessageEn)));
        return RuleEngine.Evaluate(mapped.Report!);
    }

    [Fact]
    public void Fixture_PassesEveryErrorRule_AndYieldsTheN1Warning()
    {
        var result = Validate("zhanghe-2021.txt");

        Assert.Empty(result.Errors);
        Assert.Empty(result.NotAssessable);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("N1", "4578", "4668"), (warning.RuleId, warning.Reported, warning.Computed));
    }

    [Fact]
    public void PublishedErrors_AreFoundExactly()
    {
        var result = Validate("rule-errors-2021.txt");

        var errors = result.Errors.Select(e => (e.RuleId, e.Cells[0], e.Reported, e.Computed)).OrderBy(e => e.RuleId).ThenBy(e => e.Item2).ToArray();
        Assert.Equal(
            [
                ("A3.balance", "s3.new_requests.natural_person", "5", "4"),
                ("A3.balance", "s3.new_requests.total", "5", "4"),
                ("A3.results_total", "s3.results_total.natural_person", "4", "3"),
                ("A3.results_total", "s3.results_total.total", "4", "3"),
                ("A4.group_total", "s4.reconsideration.total", "0", "3"),
            ],
            errors);
    }

    /// <summary>
    /// A real report (420802, 2021) with item 3 of 其他处理 not reported (dashes) and a column-sum error of 6 in
    /// 予以公开 (natural persons and total): the check of 三(七)总计 cannot be exact, but it is never silent.
    /// </summary>
    [Theory]
    [InlineData("20", "23", false)]
    [InlineData("32", "35", true)]
    public void RealReport_WithoutOtherItem3_AndAColumnError_IsNeverAcceptedSilently(string natural, string total, bool error)
    {
        var text = TestData.Sample("420802-2021.txt");
        var lines = text.Split('\n').ToList();
        var item3 = lines.FindIndex(l => l.StartsWith("3.其他 |", StringComparison.Ordinal));
        Assert.True(item3 > 0);
        lines[item3] = "3.其他 | — | — | — | — | — | — | — | ||";
        text = string.Join('\n', lines).Replace("(一)予以公开 | 26 | 2 | ０ | 0 | 0 |  1  | 29 |", $"(一)予以公开 | {natural} | 2 | ０ | 0 | 0 |  1  | {total} |", StringComparison.Ordinal);
        var report = ImportAssert.Succeeded(ReportImporter.Import(text, new ImportOptions("420802", 2021)));
        var result = RuleEngine.Evaluate(ReportMapper.ToDomain(report).Report!);

        if (error)
        {
            // The parts reported already exceed the printed total.
            Assert.Contains(result.Errors, e => e.RuleId == RuleCatalog.ResultsTotal && e.Cells[0] == "s3.results_total.natural_person" && e.Reported == "66" && e.Computed == "70"
                && e.Missing.Contains("s3.other_handling.other.natural_person"));
        }
        else
        {
            Assert.Contains(result.NotAssessable, f => f.RuleId == RuleCatalog.ResultsTotal && f.Missing.Contains("s3.other_handling.other.natural_person"));
            Assert.True(result.IsValid);
            Assert.Contains(result.Warnings, w => w.RuleId == RuleCatalog.CoreNotAssessed && w.Missing.Contains("s3.other_handling.other.natural_person"));
        }
    }
}
