using Aggregator.Contracts.V1;
using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// Published reports break the rules and print 其他处理 in different shapes. The importer keeps
/// every figure as printed; finding the violations is the rule engine's job.
/// </summary>
public sealed class PublishedAsPrintedTests
{
    private static readonly ImportOptions s_options = new("jingmen-zhanghe", 2021);

    [Fact]
    public void Hybrid_2021_report_with_a_single_other_handling_row_sets_only_the_group_total()
    {
        var report = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read("hybrid-2021.txt"), s_options));
        var requests = report.Requests;
        Assert.Equal(FormatVersion._2021, report.Format);
        Assert.Null(requests.OtherHandlingNoCorrection);
        Assert.Null(requests.OtherHandlingFeeUnpaid);
        Assert.Null(requests.OtherHandlingOther);
        ImportAssert.SameCells(Row(2, 1, 0, 0, 0, 0, 3), requests.OtherHandlingTotal);
        ImportAssert.SameCells(Row(7, 2, 0, 1, 0, 0, 10), requests.NewRequests);
        ImportAssert.SameCells(Row(5, 1, 0, 1, 0, 0, 7), requests.Granted);
        ImportAssert.SameCells(Row(7, 2, 0, 1, 0, 0, 10), requests.ResultsTotal);
        ImportAssert.SameCells(Row(0, 0, 0, 0, 0, 0, 0), requests.CarriedForward);
        Assert.Equal(23 * 7, CellMap.Of(requests).Count); // 25 rows − 3 sub-rows + 1 group row
    }

    [Fact]
    public void Report_with_rule_violations_is_imported_exactly_as_printed()
    {
        var report = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read("rule-errors-2021.txt"), s_options));

        // 三: natural_person column — 5 new + 0 carried over, but (七)总计 4 and (一)予以公开 3.
        ImportAssert.SameCells(Row(5, 0, 0, 0, 0, 0, 5), report.Requests.NewRequests);
        ImportAssert.SameCells(Row(3, 0, 0, 0, 0, 0, 3), report.Requests.Granted);
        ImportAssert.SameCells(Row(4, 0, 0, 0, 0, 0, 4), report.Requests.ResultsTotal);
        ImportAssert.SameCells(Row(0, 0, 0, 0, 0, 0, 0), report.Requests.CarriedForward);

        // 四: reconsideration 总计 printed 0 while 2 upheld and 1 corrected.
        var expected = new ReviewLitigation
        {
            Reconsideration = new ReviewGroup { Upheld = 2, Corrected = 1, Other = 0, Pending = 0, Total = 0 },
            LitigationDirect = new ReviewGroup { Upheld = 0, Corrected = 0, Other = 0, Pending = 0, Total = 0 },
            LitigationAfterReconsideration = new ReviewGroup { Upheld = 0, Corrected = 0, Other = 0, Pending = 1, Total = 1 },
        };
        ImportAssert.SameCells(expected, report.ReviewLitigation);

        // The breakdown mismatch (4578 stated, 4668 summed) is kept too.
        Assert.Equal(4578, report.Overview.Breakdown.StatedTotal);
        Assert.Equal(4668, report.Overview.Breakdown.Categories.Sum(c => c.Count));
    }

    [Fact]
    public void Sections_absent_from_the_document_are_left_unset()
    {
        var fixture = TestData.Read("zhanghe-2021.txt");
        var onlyTables = fixture[fixture.IndexOf("二、主动公开政府信息情况", StringComparison.Ordinal)..fixture.IndexOf("五、存在的主要问题", StringComparison.Ordinal)];
        var report = ImportAssert.Succeeded(ReportImporter.Import(onlyTables, s_options));
        Assert.Null(report.Overview);
        Assert.Null(report.Problems);
        Assert.Null(report.OtherMatters);
        Assert.NotNull(report.ProactiveDisclosure);
        Assert.NotNull(report.Requests);
        Assert.NotNull(report.ReviewLitigation);

        var withoutReview = fixture[..fixture.IndexOf("四、政府信息公开行政复议", StringComparison.Ordinal)];
        var partial = ImportAssert.Succeeded(ReportImporter.Import(withoutReview, s_options));
        Assert.Null(partial.ReviewLitigation);
        Assert.NotNull(partial.Requests);
    }

    private static RequestRow Row(long a, long b, long c, long d, long e, long f, long g) => new()
    {
        NaturalPerson = a, CommercialEnterprise = b, ResearchInstitution = c, SocialWelfareOrg = d, LegalServiceOrg = e, OtherOrg = f, Total = g,
    };
}

/// <summary>
/// Word processors leave invisible characters in published pages (zero-width spaces, direction marks,
/// a BOM, line separators). The contract refuses them in narratives (C.text), so the importer drops
/// them from the text it keeps: a published report still imports, and its narratives pass the check.
/// </summary>
public sealed class InvisibleCharactersImportTests
{
    [Fact]
    public void PrintedPageWithInvisibleCharacters_NarrativesWithoutThem_MapsWithoutErrors()
    {
        var text = TestData.Read("zhanghe-2021.txt")
            .Replace("认真贯彻落实", "认真\u200B贯彻\u202E落实\u2066", StringComparison.Ordinal)
            .Replace("全年主动公开政府信息4578条,其中发布新闻", "全年主动公开政府信息4578条,其中发布\u200D新闻\u2028", StringComparison.Ordinal);

        var report = ImportAssert.Succeeded(ReportImporter.Import(text, new ImportOptions("jingmen-zhanghe", 2021)));

        Assert.Contains("认真贯彻落实", report.Overview.Introduction, StringComparison.Ordinal);
        Assert.Equal(4578, report.Overview.Breakdown.StatedTotal);
        Assert.Equal("新闻", report.Overview.Breakdown.Categories[0].Name);
        Assert.Empty(Aggregator.Domain.Mapping.ReportMapper.ToDomain(report).Errors.Where(e => e.RuleId == Aggregator.Domain.Mapping.ReportMapper.TextRule));
    }
}
