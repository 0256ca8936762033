using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Reliability.Tests.Infrastructure;

/// <summary>Valid complete 2021-format reports whose figures vary with a seed (so rollups are sums of different numbers).</summary>
public static class Reports
{
    /// <summary>The eight districts of 荆门市 (city 4208) in the test registry.</summary>
    public static readonly string[] JingmenDistricts =
        ["420802", "420804", "420881", "420882", "420822", "jingmen-zhanghe", "jingmen-qujialing", "jingmen-hitech"];

    public const string Jingmen = "4208";

    public const string Wuhan = "4201";

    /// <summary>A complete report that passes every error rule; <paramref name="seed"/> changes its figures.</summary>
    public static Report Valid(string unitId, int year, int seed)
    {
        var n = 1 + (seed % 97);
        var report = new Report
        {
            UnitId = unitId,
            Year = year,
            Format = FormatVersion._2021,
            Overview = new Overview
            {
                Introduction = "总体情况 " + seed.ToString(CultureInfo.InvariantCulture),
                ProactiveDisclosure = "主动公开。",
                DisclosureOnRequest = "依申请公开。",
                InformationManagement = "政府信息管理。",
                PlatformConstruction = "平台建设。",
                Supervision = "监督保障。",
                Breakdown = new DisclosureBreakdown { StatedTotal = 10 + seed },
            },
            ProactiveDisclosure = new ProactiveDisclosure
            {
                Regulations = new DocumentCounts { Issued = 0, Repealed = 0, InForce = seed % 5 },
                NormativeDocuments = new DocumentCounts { Issued = seed % 11, Repealed = seed % 3, InForce = 50 + (seed % 13) },
                AdministrativeLicensingDecisions = 1000 + seed,
                AdministrativePenaltyDecisions = 7L * seed,
                AdministrativeCoercionDecisions = seed % 2,
                AdministrativeFeesAmount = new Contracts.V1.Decimal
                {
                    Value = (seed / 1000m + 0.000001m * (seed % 7)).ToString("0.######", CultureInfo.InvariantCulture),
                },
            },
            Requests = Requests(n),
            ReviewLitigation = new ReviewLitigation { Reconsideration = Group(seed % 4), LitigationDirect = Group(0), LitigationAfterReconsideration = Group(1) },
            Problems = new Problems { Problems_ = "存在不足。", Improvements = "加强改进。" },
            OtherMatters = new OtherMatters
            {
                Text = "无。",
                ProcessingFees = new ProcessingFees { Notices = seed % 3, AmountYuan = new Contracts.V1.Decimal { Value = (seed % 100 / 100m).ToString("0.##", CultureInfo.InvariantCulture) } },
                Proposals = new ProposalHandling { OverallResults = seed % 9, DeputySuggestions = 3, CppccProposals = 6 },
                KeyAreas = new KeyAreaDisclosure { MajorConstruction = 34, PublicWelfare = seed, PublicResources = 171 },
            },
        };
        report.Overview.Breakdown.Categories.Add(new DisclosureCategory { Name = "新闻", Count = 10 });
        report.Overview.Breakdown.Categories.Add(new DisclosureCategory { Name = "其他", Count = seed });
        return report;
    }

    /// <summary>Table 三 with <paramref name="n"/> new requests from natural persons, all granted.</summary>
    public static RequestHandling Requests(long n)
    {
        var r = new RequestHandling();
        foreach (var field in RequestHandling.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.Name == "other_handling_total")
            {
                continue;
            }

            var value = field.Name is "new_requests" or "granted" or "results_total" ? n : 0;
            field.Accessor.SetValue(r, new RequestRow
            {
                NaturalPerson = value, CommercialEnterprise = 0, ResearchInstitution = 0, SocialWelfareOrg = 0, LegalServiceOrg = 0, OtherOrg = 0, Total = value,
            });
        }

        return r;
    }

    private static ReviewGroup Group(long upheld) => new() { Upheld = upheld, Corrected = 0, Other = 0, Pending = 0, Total = upheld };
}
