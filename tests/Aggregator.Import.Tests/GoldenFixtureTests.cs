using Aggregator.Contracts.V1;
using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>The real published report of 漳河新区 for 2021 (shared/fixtures/reports/zhanghe-2021.txt).</summary>
public sealed class GoldenFixtureTests
{
    private static readonly ImportOptions s_options = new("jingmen-zhanghe", 2021);

    private static Report Import() => ImportAssert.Succeeded(ReportImporter.Import(TestData.Read("zhanghe-2021.txt"), s_options));

    [Fact]
    public void Local_copy_matches_the_shared_fixture_when_shared_is_present()
    {
        var shared = TestData.SharedFixture("zhanghe-2021.txt");
        if (shared is null)
        {
            return; // clean clone without shared/: the local copy is the only one.
        }

        Assert.Equal(File.ReadAllText(shared), TestData.Read("zhanghe-2021.txt"));
    }

    [Fact]
    public void Header_fields_come_from_the_options_and_the_format_is_detected_as_2021()
    {
        var result = ReportImporter.Import(TestData.Read("zhanghe-2021.txt"), s_options);
        var report = ImportAssert.Succeeded(result);
        Assert.Equal("jingmen-zhanghe", report.UnitId);
        Assert.Equal(2021, report.Year);
        Assert.Equal(FormatVersion._2021, report.Format);
        Assert.Null(report.ProactiveDisclosure2019);
        Assert.Contains(result.Notes, n => n.En.Contains("2021", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_cell_of_table_2_is_imported()
    {
        var expected = new ProactiveDisclosure
        {
            Regulations = new DocumentCounts { Issued = 0, Repealed = 0, InForce = 0 },
            NormativeDocuments = new DocumentCounts { Issued = 5, Repealed = 23, InForce = 55 },
            AdministrativeLicensingDecisions = 3949,
            AdministrativePenaltyDecisions = 895,
            AdministrativeCoercionDecisions = 0,
            AdministrativeFeesAmount = new Contracts.V1.Decimal { Value = "7.522" },
        };
        var actual = Import().ProactiveDisclosure;
        ImportAssert.SameCells(expected, actual);
        Assert.Equal(10, CellMap.Of(actual).Count);
        Assert.True(actual.Regulations.HasIssued && actual.Regulations.HasRepealed && actual.Regulations.HasInForce);
        Assert.True(actual.HasAdministrativeCoercionDecisions);
        Assert.Equal("7.522", actual.AdministrativeFeesAmount.Value);
    }

    [Fact]
    public void Every_cell_of_table_3_is_zero_and_other_handling_total_is_unset()
    {
        var requests = Import().Requests;
        var expected = new RequestHandling();
        foreach (var field in RequestHandling.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.Name != "other_handling_total")
            {
                field.Accessor.SetValue(expected, new RequestRow
                {
                    NaturalPerson = 0, CommercialEnterprise = 0, ResearchInstitution = 0, SocialWelfareOrg = 0, LegalServiceOrg = 0, OtherOrg = 0, Total = 0,
                });
            }
        }

        ImportAssert.SameCells(expected, requests);
        Assert.Equal(25 * 7, CellMap.Of(requests).Count);
        Assert.Null(requests.OtherHandlingTotal);
        Assert.True(requests.CarriedForward.HasTotal);
        Assert.Equal(0, requests.CarriedForward.Total);
    }

    [Fact]
    public void Every_cell_of_table_4_is_zero()
    {
        var review = Import().ReviewLitigation;
        var zero = () => new ReviewGroup { Upheld = 0, Corrected = 0, Other = 0, Pending = 0, Total = 0 };
        var expected = new ReviewLitigation { Reconsideration = zero(), LitigationDirect = zero(), LitigationAfterReconsideration = zero() };
        ImportAssert.SameCells(expected, review);
        Assert.Equal(15, CellMap.Of(review).Count);
    }

    [Fact]
    public void Section_6_figures_are_structured()
    {
        var other = Import().OtherMatters;
        Assert.True(other.ProcessingFees.HasNotices);
        Assert.Equal(0, other.ProcessingFees.Notices);
        Assert.Equal("0", other.ProcessingFees.AmountYuan.Value);
        Assert.Equal(2, other.Proposals.OverallResults);
        Assert.Equal(3, other.Proposals.DeputySuggestions);
        Assert.Equal(6, other.Proposals.CppccProposals);
        Assert.Equal(34, other.KeyAreas.MajorConstruction);
        Assert.Equal(449, other.KeyAreas.PublicWelfare);
        Assert.Equal(171, other.KeyAreas.PublicResources);
        Assert.StartsWith("(一)政府信息处理费收取情况", other.Text, StringComparison.Ordinal);
        Assert.Contains("公共资源配置信息171条", other.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Breakdown_has_the_stated_total_and_twelve_categories_summing_to_4668()
    {
        var breakdown = Import().Overview.Breakdown;
        Assert.Equal(4578, breakdown.StatedTotal);
        var expected = new (string Name, long Count)[]
        {
            ("新闻", 1269),
            ("镇街动态、政府会议相关信息", 444),
            ("根据新区机构改革的最新进展机构职能、机构设置等信息", 13),
            ("财政预算、决算信息", 102),
            ("国民经济和社会发展统计信息", 17),
            ("重大建设项目批准和实施情况信息", 34),
            ("扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况等信息", 190),
            ("环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况,突发公共事件等信息", 285),
            ("招标、中标公告", 234),
            ("其它公告", 92),
            ("征集调查、政策解读", 22),
            ("其他主动公开政府信息", 1966),
        };
        Assert.Equal(expected, breakdown.Categories.Select(c => (c.Name, c.Count)).ToArray());
        Assert.Equal(4668, breakdown.Categories.Sum(c => c.Count));
    }

    [Fact]
    public void Overview_narrative_is_split_into_its_five_parts()
    {
        var overview = Import().Overview;
        Assert.StartsWith("2021年以来,漳河新区认真贯彻落实", overview.Introduction, StringComparison.Ordinal);
        Assert.StartsWith("全年主动公开政府信息4578条", overview.ProactiveDisclosure, StringComparison.Ordinal);
        Assert.StartsWith("明确政府信息依申请公开申请方式", overview.DisclosureOnRequest, StringComparison.Ordinal);
        Assert.StartsWith("一是加强领导,完善体系", overview.InformationManagement, StringComparison.Ordinal);
        Assert.StartsWith("政府网站方面", overview.PlatformConstruction, StringComparison.Ordinal);
        Assert.StartsWith("一是规范审查,强化监管", overview.Supervision, StringComparison.Ordinal);
    }

    [Fact]
    public void Section_5_is_split_into_problems_and_improvements()
    {
        var problems = Import().Problems;
        Assert.StartsWith("一是政府信息公开工作不主动", problems.Problems_, StringComparison.Ordinal);
        Assert.DoesNotContain("加强宣传引导", problems.Problems_, StringComparison.Ordinal);
        Assert.StartsWith("一是加强宣传引导", problems.Improvements, StringComparison.Ordinal);
        Assert.Contains("三是丰富公开形式", problems.Improvements, StringComparison.Ordinal);
    }
}
