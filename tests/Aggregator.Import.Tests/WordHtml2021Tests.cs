using Aggregator.Contracts.V1;
using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// TestData/word-2021.html: a 2021 report as a Word-generated page inside a CMS page (navigation
/// repeating heading words, a layout table, footer; o:p, mso- styles broken over lines, tables in
/// div align=center, figures split across span/font with &amp;nbsp; apart, full-width digits,
/// thousands separators, header cells one character per line, 自然人 over two header columns
/// while 商业企业 spans two in the data rows, a typo 行政法复议, label wording differences, Word
/// spacer rows). Every printed figure must come back as printed.
/// </summary>
public sealed class WordHtml2021Tests
{
    // Cells of table 三 the page leaves unreported: (row, column) → printed marker.
    private static readonly Dictionary<(int Row, int Col), string> s_unreported = new()
    {
        [(17, 0)] = "—",
        [(19, 3)] = "",
        [(22, 5)] = "/",
        [(9, 2)] = "无",
    };

    private static ImportResult Import() => ReportImporter.Import(TestData.Read("word-2021.html"), new ImportOptions("dongcheng", 2021));

    [Fact]
    public void Imports_without_errors_as_2021_and_ignores_the_navigation_table()
    {
        var result = Import();
        var report = ImportAssert.Succeeded(result);
        Assert.Equal(FormatVersion._2021, report.Format);
        Assert.Equal("dongcheng", report.UnitId);
    }

    [Fact]
    public void Table_2_figures_are_imported_as_printed()
    {
        var expected = new ProactiveDisclosure
        {
            Regulations = new DocumentCounts { Issued = 0, Repealed = 0, InForce = 0 },
            NormativeDocuments = new DocumentCounts { Issued = 12, Repealed = 3, InForce = 1045 },
            AdministrativeLicensingDecisions = 3949,
            AdministrativePenaltyDecisions = 895,
            // 行政强制 printed as "—": not reported.
            AdministrativeFeesAmount = new Contracts.V1.Decimal { Value = "1234.5600" },
        };
        var actual = ImportAssert.Succeeded(Import()).ProactiveDisclosure;
        ImportAssert.SameCells(expected, actual);
        Assert.False(actual.HasAdministrativeCoercionDecisions);
    }

    [Fact]
    public void Every_cell_of_table_3_is_imported_by_data_row_position_not_header_geometry()
    {
        var requests = ImportAssert.Succeeded(Import()).Requests;
        var rows = RequestHandling.Descriptor.Fields.InFieldNumberOrder().Where(f => f.Name != "other_handling_total").ToList();
        Assert.Equal(25, rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = (RequestRow)rows[r].Accessor.GetValue(requests);
            Assert.NotNull(row);
            var cells = Rendering.ReportLayout.Cells(row);
            for (var c = 0; c < 7; c++)
            {
                long? expected = s_unreported.ContainsKey((r, c)) ? null
                    : c < 6 ? (r * 10) + c
                    : Enumerable.Range(0, 6).Where(k => !s_unreported.ContainsKey((r, k))).Sum(k => (long)((r * 10) + k));
                Assert.True(expected == cells[c], $"{rows[r].Name} column {c}: expected {expected?.ToString() ?? "unset"}, got {cells[c]?.ToString() ?? "unset"}");
            }
        }

        Assert.Null(requests.OtherHandlingTotal);
        // Row 7 carries a typo (保护第三方合法权意) and row 6 other wording (危及国家安全…社会稳定).
        Assert.Equal(70, requests.WithheldThirdPartyRights.NaturalPerson);
        Assert.Equal(60, requests.WithheldSecurityStability.NaturalPerson);
    }

    [Fact]
    public void Every_cell_of_table_4_is_imported_despite_the_typo_and_one_character_headers()
    {
        var review = ImportAssert.Succeeded(Import()).ReviewLitigation;
        var expected = new ReviewLitigation
        {
            Reconsideration = new ReviewGroup { Upheld = 1, Corrected = 2, Other = 0, Pending = 1, Total = 4 },
            LitigationDirect = new ReviewGroup { Upheld = 3, Corrected = 1, Other = 1, Pending = 0, Total = 5 },
            LitigationAfterReconsideration = new ReviewGroup { Upheld = 0, Corrected = 0, Other = 1, Total = 1 },
        };
        ImportAssert.SameCells(expected, review);
        Assert.False(review.LitigationAfterReconsideration.HasPending);
    }

    [Fact]
    public void Narrative_comes_from_the_content_container_not_navigation_or_footer()
    {
        var report = ImportAssert.Succeeded(Import());
        Assert.StartsWith("2021年，东城区坚持以公开为常态", report.Overview.Introduction, StringComparison.Ordinal);
        Assert.DoesNotContain("首页", report.Overview.Introduction, StringComparison.Ordinal);
        Assert.StartsWith("全年主动公开政府信息1,200条", report.Overview.ProactiveDisclosure, StringComparison.Ordinal);
        Assert.Equal("严格落实公开前保密审查制度。", report.Overview.InformationManagement);
        Assert.Equal("将政务公开纳入年度绩效考核。", report.Overview.Supervision);
        Assert.Equal("一是政策解读形式较为单一；二是基层政务公开标准化建设有待加强。", report.Problems.Problems_);
        Assert.Equal("一是丰富解读形式；二是加强业务培训。", report.Problems.Improvements);
        Assert.DoesNotContain("ICP", report.OtherMatters.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("分享到", report.OtherMatters.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Breakdown_and_section_6_figures_are_structured()
    {
        var report = ImportAssert.Succeeded(Import());
        var breakdown = report.Overview.Breakdown;
        Assert.Equal(1200, breakdown.StatedTotal);
        Assert.Equal(
            new (string, long)[] { ("政策文件", 300), ("财政预决算信息", 45), ("人事任免信息", 12), ("重大建设项目、公共资源配置信息", 843) },
            breakdown.Categories.Select(c => (c.Name, c.Count)).ToArray());

        var other = report.OtherMatters;
        Assert.Equal(3, other.ProcessingFees.Notices);
        Assert.Equal("1250.50", other.ProcessingFees.AmountYuan.Value);
        Assert.Equal(1, other.Proposals.OverallResults);
        Assert.Equal(25, other.Proposals.DeputySuggestions);
        Assert.Equal(31, other.Proposals.CppccProposals);
        Assert.Equal(56, other.KeyAreas.MajorConstruction);
        Assert.Equal(210, other.KeyAreas.PublicWelfare);
        Assert.Equal(98, other.KeyAreas.PublicResources);
    }

    [Fact]
    public void Html_errors_name_the_table_and_row()
    {
        var html = TestData.Read("word-2021.html").Replace(">８９５<", ">8x95<", StringComparison.Ordinal);
        var result = ReportImporter.ImportHtml(html, new ImportOptions("dongcheng", 2021));
        var error = ImportAssert.Failed(result, "二");
        Assert.Equal(10, error.Line);
        Assert.Contains("table 2, row 10", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("第2个表格第10行", error.MessageZh, StringComparison.Ordinal);
        Assert.Matches(@"source line \d+", error.MessageEn);
        Assert.Contains("8x95", error.Found, StringComparison.Ordinal);
    }
}
