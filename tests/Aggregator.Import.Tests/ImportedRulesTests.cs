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
}
