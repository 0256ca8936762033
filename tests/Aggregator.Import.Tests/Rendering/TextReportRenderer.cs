using System.Text;
using Aggregator.Contracts.V1;

namespace Aggregator.Import.Tests.Rendering;

/// <summary>
/// Renders a 2021-format report to the text form of the fixture: headings, and tables as
/// <c>|</c>-separated rows with empty cells where the page merged cells.
/// </summary>
internal static class TextReportRenderer
{
    public static string Render(Report report, int seed)
    {
        var style = new PrintStyle(seed);
        var sb = new StringBuilder();
        sb.AppendLine("一、总体情况").AppendLine("本年度政务公开工作稳步推进。");
        sb.AppendLine("二、主动公开政府信息情况");
        var p = report.ProactiveDisclosure;
        sb.AppendLine("第二十条第(一)项 | |||");
        sb.AppendLine("信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |");
        sb.AppendLine($"规章 | {string.Join(" | ", ReportLayout.Cells(p.Regulations).Select(v => Cell(style, v)))} |");
        sb.AppendLine($"行政规范性文件 | {string.Join(" | ", ReportLayout.Cells(p.NormativeDocuments).Select(v => Cell(style, v)))} |");
        sb.AppendLine("第二十条第(五)项 | |||");
        sb.AppendLine("信息内容 | 本年处理决定数量 | ||");
        sb.AppendLine($"行政许可 | {Cell(style, p.HasAdministrativeLicensingDecisions ? p.AdministrativeLicensingDecisions : null)} | ||");
        sb.AppendLine("第二十条第(六)项 | |||");
        sb.AppendLine("信息内容 | 本年处理决定数量 | ||");
        sb.AppendLine($"行政处罚 | {Cell(style, p.HasAdministrativePenaltyDecisions ? p.AdministrativePenaltyDecisions : null)} | ||");
        sb.AppendLine($"行政强制 | {Cell(style, p.HasAdministrativeCoercionDecisions ? p.AdministrativeCoercionDecisions : null)} | ||");
        sb.AppendLine("第二十条第(八)项 | |||");
        sb.AppendLine("信息内容 | 本年收费金额(单位:万元) | ||");
        sb.AppendLine($"行政事业性收费 | {(p.AdministrativeFeesAmount is null ? style.NotReported() : style.Money(p.AdministrativeFeesAmount.Value))} |");

        sb.AppendLine("三、收到和处理政府信息公开申请情况");
        sb.AppendLine("(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 申请人情况 | ||||||||");
        sb.AppendLine("自然人 | 法人或其他组织 | 总计 | |||||||");
        sb.AppendLine("商业 企业 | 科研 机构 | 社会公益组织 | 法律服务机构 | 其他 | |||||");
        var requests = report.Requests;
        var single = requests.OtherHandlingTotal is not null;
        string? lastTop = null;
        string? lastGroup = null;
        foreach (var row in ReportLayout.RequestRows(single))
        {
            var labels = new List<string>();
            if (row.Top is not null && row.Top != lastTop)
            {
                labels.Add(row.Top);
            }

            if (row.Group is not null && row.Group != lastGroup)
            {
                labels.Add(row.Group);
            }

            lastTop = row.Top;
            lastGroup = row.Group;
            labels.Add(row.Item);
            var cells = ReportLayout.Cells(row.Get(requests)).Select(v => Cell(style, v));
            sb.AppendLine($"{string.Join(" | ", labels)} | {string.Join(" | ", cells)} | ||");
        }

        sb.AppendLine("四、政府信息公开行政复议、行政诉讼情况");
        sb.AppendLine("行政复议 | 行政诉讼 | |||||||||||||");
        sb.AppendLine("结果维持 | 结果 纠正 | 其他 结果 | 尚未 审结 | 总计 | 未经复议直接起诉 | 复议后起诉 | ||||||||");
        sb.AppendLine("结果 维持 | 结果 纠正 | 其他 结果 | 尚未 审结 | 总计 | 结果 维持 | 结果 纠正 | 其他 结果 | 尚未 审结 | 总计 | |||||");
        sb.AppendLine(string.Join(" | ", ReportLayout.Cells(report.ReviewLitigation).Select(v => Cell(style, v))) + " |");

        sb.AppendLine("五、存在的主要问题及改进情况").AppendLine("(一)存在的问题").AppendLine("公开内容有待丰富。").AppendLine("(二)改进措施").AppendLine("加强培训。");
        sb.AppendLine("六、其他需要报告的事项").AppendLine("无其他需要报告的事项。");
        return sb.ToString();
    }

    private static string Cell(PrintStyle style, long? value) => value is long v ? style.Count(v) : style.NotReported();
}
