using Aggregator.Contracts.V1;

namespace Aggregator.Server.Tests;

/// <summary>
/// The 漳河新区 2021 fixture (/work/shared/fixtures/reports/zhanghe-2021.txt) built in code: 二 0/0/0,
/// 5/23/55, 3949, 895, 0, fee "7.522"; 三 all zeros; 四 all zeros; 六 fees 0/"0", proposals 2/3/6,
/// key areas 34/449/171; breakdown stated 4578 with 12 categories summing 4668 (→ N1 warning).
/// </summary>
public static class TestReports
{
    public static Report Zhanghe2021(string unitId = "jingmen-zhanghe", int year = 2021)
    {
        var report = new Report
        {
            UnitId = unitId,
            Year = year,
            Format = FormatVersion._2021,
            Overview = new Overview
            {
                Introduction = "2021年以来,漳河新区认真贯彻落实政务公开工作要点。",
                ProactiveDisclosure = "全年主动公开政府信息4578条。",
                DisclosureOnRequest = "截止2021年底,新区未收到政府信息依申请公开事项。",
                InformationManagement = "加强政府信息管理。",
                PlatformConstruction = "优化政务公开平台。",
                Supervision = "强化监督保障。",
                Breakdown = new DisclosureBreakdown { StatedTotal = 4578 },
            },
            ProactiveDisclosure = new ProactiveDisclosure
            {
                Regulations = new DocumentCounts { Issued = 0, Repealed = 0, InForce = 0 },
                NormativeDocuments = new DocumentCounts { Issued = 5, Repealed = 23, InForce = 55 },
                AdministrativeLicensingDecisions = 3949,
                AdministrativePenaltyDecisions = 895,
                AdministrativeCoercionDecisions = 0,
                AdministrativeFeesAmount = new Contracts.V1.Decimal { Value = "7.522" },
            },
            Requests = ZeroRequests(),
            ReviewLitigation = new ReviewLitigation
            {
                Reconsideration = ZeroGroup(),
                LitigationDirect = ZeroGroup(),
                LitigationAfterReconsideration = ZeroGroup(),
            },
            Problems = new Problems { Problems_ = "政务公开工作还存在不足。", Improvements = "进一步加强政务公开工作。" },
            OtherMatters = new OtherMatters
            {
                Text = "无其他需要报告的事项。",
                ProcessingFees = new ProcessingFees { Notices = 0, AmountYuan = new Contracts.V1.Decimal { Value = "0" } },
                Proposals = new ProposalHandling { OverallResults = 2, DeputySuggestions = 3, CppccProposals = 6 },
                KeyAreas = new KeyAreaDisclosure { MajorConstruction = 34, PublicWelfare = 449, PublicResources = 171 },
            },
        };
        (string Name, long Count)[] categories =
        [
            ("新闻", 1269), ("镇街动态、政府会议相关信息", 444), ("机构职能", 13), ("财政预算、决算信息", 102),
            ("国民经济和社会发展统计信息", 17), ("重大建设项目批准和实施情况信息", 34), ("扶贫、教育、医疗、社会保障、促进就业", 190),
            ("环境保护、公共卫生、安全生产、食品药品、产品质量", 285), ("招标、中标公告", 234), ("其它公告", 92),
            ("征集调查、政策解读", 22), ("其他主动公开政府信息", 1966),
        ];
        foreach (var (name, count) in categories)
        {
            report.Overview.Breakdown.Categories.Add(new DisclosureCategory { Name = name, Count = count });
        }

        return report;
    }

    /// <summary>Only section 三, with a wrong row total: 5 natural persons but total 7.</summary>
    public static Report BrokenRequests(string unitId = "jingmen-zhanghe", int year = 2021)
    {
        var report = new Report { UnitId = unitId, Year = year, Format = FormatVersion._2021, Requests = ZeroRequests() };
        report.Requests.NewRequests.NaturalPerson = 5;
        report.Requests.NewRequests.Total = 7;
        return report;
    }

    /// <summary>Only section 三 (all zeros): a draft when nothing else is stored.</summary>
    public static Report RequestsOnly(string unitId, int year = 2021)
        => new() { UnitId = unitId, Year = year, Format = FormatVersion._2021, Requests = ZeroRequests() };

    public static RequestHandling ZeroRequests()
    {
        var r = new RequestHandling();
        foreach (var field in RequestHandling.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.Name == "other_handling_total")
            {
                continue;
            }

            field.Accessor.SetValue(r, ZeroRow());
        }

        return r;
    }

    private static RequestRow ZeroRow() => new()
    {
        NaturalPerson = 0, CommercialEnterprise = 0, ResearchInstitution = 0, SocialWelfareOrg = 0, LegalServiceOrg = 0, OtherOrg = 0, Total = 0,
    };

    private static ReviewGroup ZeroGroup() => new() { Upheld = 0, Corrected = 0, Other = 0, Pending = 0, Total = 0 };
}
