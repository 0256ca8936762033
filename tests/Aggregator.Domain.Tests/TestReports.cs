using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Tests;

/// <summary>Reports built in code for domain tests.</summary>
internal static class TestReports
{
    public static readonly UnitId Zhanghe = new("jingmen-zhanghe");

    /// <summary>The figures of the 漳河新区 2021 fixture, as listed in REPORT-FORMAT.md.</summary>
    public static AnnualReport Zhanghe2021()
    {
        var f = new Figures.Builder()
            .Set("s2.regulations.issued", 0).Set("s2.regulations.repealed", 0).Set("s2.regulations.in_force", 0)
            .Set("s2.normative_documents.issued", 5).Set("s2.normative_documents.repealed", 23).Set("s2.normative_documents.in_force", 55)
            .Set("s2.administrative_licensing.decisions", 3949)
            .Set("s2.administrative_penalty.decisions", 895)
            .Set("s2.administrative_coercion.decisions", 0)
            .Set("s2.administrative_fees.amount", 7.522m)
            .Set("s1.breakdown.stated_total", 4578)
            .Set("s6.processing_fees.notices", 0).Set("s6.processing_fees.amount", 0)
            .Set("s6.proposals.overall_results", 2).Set("s6.proposals.deputy_suggestions", 3).Set("s6.proposals.cppcc_proposals", 6)
            .Set("s6.key_areas.major_construction", 34).Set("s6.key_areas.public_welfare", 449).Set("s6.key_areas.public_resources", 171);
        foreach (var row in CellCatalog.RequestRows.Where(r => r.Id != "other_handling.total"))
        {
            foreach (var column in CellCatalog.RequestColumns)
            {
                f.Set(CellCatalog.Request(row.Id, column.Id), 0);
            }
        }

        foreach (var group in CellCatalog.ReviewGroups)
        {
            foreach (var column in CellCatalog.ReviewColumns)
            {
                f.Set(CellCatalog.Review(group.Id, column.Id), 0);
            }
        }

        ImmutableArray<DisclosureCategory> breakdown =
        [
            new("新闻", 1269), new("镇街动态、政府会议相关信息", 444), new("机构职能、机构设置等信息", 13),
            new("财政预算、决算信息", 102), new("国民经济和社会发展统计信息", 17), new("重大建设项目批准和实施情况信息", 34),
            new("扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况等信息", 190),
            new("环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况,突发公共事件等信息", 285),
            new("招标、中标公告", 234), new("其它公告", 92), new("征集调查、政策解读", 22), new("其他主动公开政府信息", 1966),
        ];
        return new AnnualReport(Zhanghe, new ReportYear(2021), ReportFormat.V2021, Sections.All, f.Build(),
            new Narratives { Introduction = "2021年以来,漳河新区认真贯彻落实……" }, breakdown);
    }

    public static AnnualReport WithCell(this AnnualReport report, string path, decimal? value) =>
        report with { Figures = report.Figures.With(CellCatalog.Get(path, report.Format), value) };
}
