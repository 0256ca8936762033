using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// The 2019 format's 一 states the proactive-disclosure total in one sentence and lists its categories
/// after it (in the next sentence, or as numbered lines): the breakdown is parsed so that N1 runs.
/// Both documents list 11 categories summing to 2,533 against a stated 2,599 (as a real 2019 report did).
/// </summary>
public sealed class Breakdown2019Tests
{
    [Theory]
    [InlineData("breakdown-2019.txt")]
    [InlineData("breakdown-list-2019.txt")]
    public void Breakdown_After_TheStatedTotal_IsParsed_AndN1Warns(string document)
    {
        var report = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read(document), new ImportOptions("some-county", 2019)));

        var breakdown = report.Overview.Breakdown;
        Assert.NotNull(breakdown);
        Assert.Equal(2599, breakdown.StatedTotal);
        Assert.Equal(11, breakdown.Categories.Count);
        Assert.Equal(2533, breakdown.Categories.Sum(c => c.Count));
        Assert.StartsWith("机构职能类", breakdown.Categories[0].Name, StringComparison.Ordinal);
        Assert.StartsWith("其他信息类", breakdown.Categories[10].Name, StringComparison.Ordinal);

        var result = RuleEngine.Evaluate(ReportMapper.ToDomain(report).Report!);
        var n1 = Assert.Single(result.Warnings, w => w.RuleId == RuleCatalog.Breakdown);
        Assert.Equal(("2599", "2533"), (n1.Reported, n1.Computed));
    }
}
