using System.Net;
using System.Text;
using Aggregator.Contracts.V1;

namespace Aggregator.Import.Tests.Rendering;

/// <summary>
/// Renders a 2021-format report as a Word-generated page inside a CMS page: navigation and
/// footer around the body, <c>o:p</c> elements, <c>mso-</c> styles with line breaks inside
/// attributes, tables in <c>&lt;div align=center&gt;</c>, figures split across nested
/// span/font elements with <c>&amp;nbsp;</c> in a separate element, header cells one character
/// per line, and in table 三 a header (自然人 over two columns) whose colspans do not match the
/// data rows (商业企业 over two columns). Spacer rows close the tables as Word writes them.
/// </summary>
internal static class HtmlReportRenderer
{
    public static string Render(Report report, int seed)
    {
        var style = new PrintStyle(seed);
        var sb = new StringBuilder();
        sb.Append("""
            <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
            <head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>政府信息公开工作年度报告</title>
            <style>p.MsoNormal{mso-style-parent:"";margin:0cm;font-size:10.5pt;}</style>
            <script>var nav = "一、总体情况 99999";</script></head>
            <body><div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li>一、总体情况导航</li></ul></div>
            <div class="container"><div class="position">当前位置：首页 &gt; 政府信息公开 &gt; 年报</div>
            <div class="TRS_Editor"><div class="WordSection1" style='layout-grid:15.6pt'>

            """);
        Heading(sb, "一、总体情况");
        Paragraph(sb, "本年度政务公开工作稳步推进。");
        Heading(sb, "二、主动公开政府信息情况");
        RenderProactive(sb, style, report.ProactiveDisclosure);
        Heading(sb, "三、收到和处理政府信息公开申请情况");
        RenderRequests(sb, style, report.Requests);
        Heading(sb, "四、政府信息公开行政复议、行政诉讼情况");
        RenderReview(sb, style, report.ReviewLitigation);
        Heading(sb, "五、存在的主要问题及改进情况");
        Paragraph(sb, "（一）存在的问题");
        Paragraph(sb, "公开内容有待丰富。");
        Paragraph(sb, "（二）改进措施");
        Paragraph(sb, "加强培训。");
        Heading(sb, "六、其他需要报告的事项");
        Paragraph(sb, "无其他需要报告的事项。");
        sb.Append("""
            </div></div></div>
            <div class="footer"><p>主办单位：某某区人民政府办公室 电话：0724-1234567</p><p>网站标识码 4208000012 鄂ICP备12345678号</p></div>
            </body></html>
            """);
        return sb.ToString();
    }

    private static void Heading(StringBuilder sb, string text) => sb.Append(
        $"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0;line-height:\n28.0pt;mso-line-height-rule:exactly'><b><span style='font-size:16.0pt;font-family:黑体;mso-hansi-font-family:\n黑体'>{text}<span lang=EN-US><o:p></o:p></span></span></b></p>\n");

    private static void Paragraph(StringBuilder sb, string text) => sb.Append(
        $"<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span style='font-size:16.0pt;\nfont-family:仿宋_GB2312'>{text}<o:p></o:p></span></p>\n");

    private static string Label(string text, int colSpan = 1, int rowSpan = 1, bool oneCharPerLine = false)
    {
        var content = oneCharPerLine ? string.Join("<br/>", text.Select(c => c.ToString())) : WebUtility.HtmlEncode(text);
        return $"<td{(colSpan > 1 ? $" colspan={colSpan}" : "")}{(rowSpan > 1 ? $" rowspan={rowSpan}" : "")} style='border:solid windowtext 1.0pt;mso-border-alt:\nsolid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal align=center style='text-align:center'><span style='font-size:10.5pt;font-family:\n宋体'>{content}<o:p></o:p></span></p></td>";
    }

    private static string RawLabel(string html) =>
        $"<td style='border:solid windowtext 1.0pt'><p class=MsoNormal align=center><span style='font-family:宋体'>{html}</span></p></td>";

    private static string Figure(PrintStyle style, string? printed, int colSpan = 1)
    {
        string inner;
        if (printed is null)
        {
            var marker = style.NotReported();
            inner = marker.Length == 0
                ? (style.Next(2) == 0 ? "<span lang=EN-US><o:p>&nbsp;</o:p></span>" : "<o:p></o:p>")
                : $"<span style='font-family:宋体'>{marker}</span><o:p></o:p>";
        }
        else
        {
            var text = printed.Trim();
            inner = style.Next(3) switch
            {
                0 when text.Length > 1 => $"<span lang=EN-US style='mso-bidi-font-size:10.5pt'><span style='mso-spacerun:yes'>&nbsp;</span></span><span lang=EN-US style='font-size:10.5pt;\nfont-family:宋体'><font face=宋体>{text[..1]}</font><span>{text[1..]}</span></span><o:p></o:p>",
                1 => $"<span lang=EN-US style='font-size:10.5pt;font-family:\"Times New Roman\",serif;\nmso-fareast-font-family:宋体'><font face=\"Times New Roman\">&nbsp;{text}</font></span><o:p></o:p>",
                _ => $"<span lang=EN-US style='font-size:10.5pt'>{text}<o:p></o:p></span>",
            };
        }

        return $"<td{(colSpan > 1 ? $" colspan={colSpan}" : "")} valign=top style='border-top:none;border-left:\nnone;border-bottom:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'><p class=MsoNormal align=center style='text-align:center'>{inner}</p></td>";
    }

    private static string? CountOrNull(PrintStyle style, long? value) => value is long v ? style.Count(v) : null;

    private static void Table(StringBuilder sb, IEnumerable<string> rows, int spacerColumns)
    {
        sb.Append("<div align=center>\n<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;\nmso-yfti-tbllook:1184'>\n");
        foreach (var row in rows)
        {
            sb.Append("<tr style='mso-yfti-irow:0;height:20.0pt'>\n").Append(row).Append("\n</tr>\n");
        }

        sb.Append("<![if !supportMisalignedColumns]><tr height=0>");
        for (var i = 0; i < spacerColumns; i++)
        {
            sb.Append("<td width=40 style='border:none'></td>");
        }

        sb.Append("</tr><![endif]>\n</table>\n</div>\n<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>\n");
    }

    private static void RenderProactive(StringBuilder sb, PrintStyle style, ProactiveDisclosure p)
    {
        var rows = new List<string>
        {
            Label("第二十条第（一）项", colSpan: 4),
            Label("信息内容") + Label("本年制发件数") + Label("本年废止件数") + Label("现行有效件数"),
            Label("规章") + string.Concat(ReportLayout.Cells(p.Regulations).Select(v => Figure(style, CountOrNull(style, v)))),
            Label("行政规范性文件") + string.Concat(ReportLayout.Cells(p.NormativeDocuments).Select(v => Figure(style, CountOrNull(style, v)))),
            Label("第二十条第（五）项", colSpan: 4),
            Label("信息内容") + Label("本年处理决定数量", colSpan: 3),
            Label("行政许可") + Figure(style, CountOrNull(style, p.HasAdministrativeLicensingDecisions ? p.AdministrativeLicensingDecisions : null), colSpan: 3),
            Label("第二十条第（六）项", colSpan: 4),
            Label("信息内容") + Label("本年处理决定数量", colSpan: 3),
            Label("行政处罚") + Figure(style, CountOrNull(style, p.HasAdministrativePenaltyDecisions ? p.AdministrativePenaltyDecisions : null), colSpan: 3),
            Label("行政强制") + Figure(style, CountOrNull(style, p.HasAdministrativeCoercionDecisions ? p.AdministrativeCoercionDecisions : null), colSpan: 3),
            Label("第二十条第（八）项", colSpan: 4),
            Label("信息内容") + Label("本年收费金额（单位：万元）", colSpan: 3),
            Label("行政事业性收费") + Figure(style, p.AdministrativeFeesAmount is null ? null : style.Money(p.AdministrativeFeesAmount.Value), colSpan: 3),
        };
        Table(sb, rows, 4);
    }

    private static void RenderRequests(StringBuilder sb, PrintStyle style, RequestHandling requests)
    {
        var single = requests.OtherHandlingTotal is not null;
        var layout = ReportLayout.RequestRows(single);
        var rows = new List<string>
        {
            Label("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colSpan: 3, rowSpan: 3) + Label("申请人情况", colSpan: 8),
            // 自然人 spans two header columns; the data rows give 商业企业 two columns instead.
            Label("自然人", colSpan: 2, rowSpan: 2) + Label("法人或其他组织", colSpan: 5) + Label("总计", rowSpan: 2),
            Label("商业\n企业") + RawLabel("科研<br/>\n机构") + Label("社会公益组织") + Label("法律服务机构") + Label("其他"),
        };
        var resultRows = layout.Count(r => r.Top is not null);
        string? lastTop = null;
        string? lastGroup = null;
        foreach (var row in layout)
        {
            var labels = new StringBuilder();
            if (row.Top is null)
            {
                labels.Append(Label(row.Item, colSpan: 3));
            }
            else
            {
                if (row.Top != lastTop)
                {
                    labels.Append(Label(row.Top, rowSpan: resultRows, oneCharPerLine: false));
                }

                if (row.Group is null)
                {
                    labels.Append(Label(row.Item, colSpan: 2));
                }
                else
                {
                    if (row.Group != lastGroup)
                    {
                        labels.Append(Label(row.Group, rowSpan: layout.Count(r => r.Group == row.Group)));
                    }

                    labels.Append(Label(row.Item));
                }
            }

            lastTop = row.Top;
            lastGroup = row.Group;
            var cells = ReportLayout.Cells(row.Get(requests));
            var figures = new StringBuilder();
            for (var i = 0; i < cells.Length; i++)
            {
                figures.Append(Figure(style, CountOrNull(style, cells[i]), colSpan: i == 1 ? 2 : 1));
            }

            rows.Add(labels.ToString() + figures);
        }

        Table(sb, rows, 11);
    }

    private static void RenderReview(StringBuilder sb, PrintStyle style, ReviewLitigation review)
    {
        string[] heads = ["结果维持", "结果纠正", "其他结果", "尚未审结"];
        var rows = new List<string>
        {
            Label("行政复议", colSpan: 5) + Label("行政诉讼", colSpan: 10),
            string.Concat(heads.Select(h => Label(h, rowSpan: 2, oneCharPerLine: true))) + Label("总计", rowSpan: 2, oneCharPerLine: true)
                + Label("未经复议直接起诉", colSpan: 5) + Label("复议后起诉", colSpan: 5),
            string.Concat(Enumerable.Repeat(string.Concat(heads.Select(h => Label(h, oneCharPerLine: true))) + Label("总计", oneCharPerLine: true), 2)),
            string.Concat(ReportLayout.Cells(review).Select(v => Figure(style, CountOrNull(style, v)))),
        };
        Table(sb, rows, 15);
    }
}
