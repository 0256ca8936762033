using Aggregator.Contracts.V1;
using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// The 2019 format (reports for 2019 and 2020): table 二 with five blocks, a signed 本年增/减,
/// 政府集中采购 with its amount in 元 written inline; table 三 with one 其他处理 row (23 rows).
/// The same report as text (TestData/report-2019.txt, amount "75394432.52元", minus "-18") and as
/// a Word page (TestData/report-2019.html, amount "7539.443252万元", full-width minus "－18").
/// </summary>
public sealed class Format2019Tests
{
    private static readonly ImportOptions s_options = new("some-county", 2019);

    public static TheoryData<string> Documents => new() { "report-2019.txt", "report-2019.html" };

    [Theory]
    [MemberData(nameof(Documents))]
    public void Format_is_detected_from_the_headings_of_table_2(string document)
    {
        var report = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read(document), s_options with { Year = 2022 }));
        Assert.Equal(FormatVersion._2019, report.Format);
        Assert.NotNull(report.ProactiveDisclosure2019);
        Assert.Null(report.ProactiveDisclosure);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_cell_of_table_2_is_imported_with_the_signed_change_and_the_amount_in_yuan(string document)
    {
        var expected = new ProactiveDisclosure2019
        {
            Regulations = new DocumentCounts2019 { Made = 0, Published = 0, TotalPublished = 0 },
            NormativeDocuments = new DocumentCounts2019 { Made = 6, Published = 6, TotalPublished = 81 },
            AdministrativeLicensing = new ItemCounts2019 { PreviousItems = 245, Change = -18, Decisions = 5672 },
            OtherManagementServices = new ItemCounts2019 { PreviousItems = 36, Change = 4, Decisions = 1208 },
            AdministrativePenalty = new ItemCounts2019 { PreviousItems = 1320, Change = 15, Decisions = 433 },
            AdministrativeCoercion = new ItemCounts2019 { PreviousItems = 52, Change = 0, Decisions = 17 },
            AdministrativeFees = new ItemCounts2019 { PreviousItems = 28, Change = -3 },
            GovernmentProcurementItems = 126,
            GovernmentProcurementAmountYuan = new Contracts.V1.Decimal { Value = "75394432.52" },
        };
        var report = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read(document), s_options));
        ImportAssert.SameCells(expected, report.ProactiveDisclosure2019);
        Assert.False(report.ProactiveDisclosure2019.AdministrativeFees.HasDecisions);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Table_3_has_23_rows_with_other_handling_as_one_row(string document)
    {
        var requests = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read(document), s_options)).Requests;
        Assert.Equal(23 * 7, CellMap.Of(requests).Count);
        Assert.Null(requests.OtherHandlingNoCorrection);
        Assert.Null(requests.OtherHandlingFeeUnpaid);
        Assert.Null(requests.OtherHandlingOther);
        ImportAssert.SameCells(Row(0, 0, 0, 0, 0, 0, 0), requests.OtherHandlingTotal);
        ImportAssert.SameCells(Row(3, 1, 0, 0, 0, 0, 4), requests.NewRequests);
        ImportAssert.SameCells(Row(2, 1, 0, 0, 0, 0, 3), requests.Granted);
        ImportAssert.SameCells(Row(1, 0, 0, 0, 0, 0, 1), requests.UnavailableNotHeld);
        ImportAssert.SameCells(Row(3, 1, 0, 0, 0, 0, 4), requests.ResultsTotal);
        ImportAssert.SameCells(Row(0, 0, 0, 0, 0, 0, 0), requests.WithheldAdministrativeQuery);
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Table_4_is_imported(string document)
    {
        var review = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read(document), s_options)).ReviewLitigation;
        var expected = new ReviewLitigation
        {
            Reconsideration = new ReviewGroup { Upheld = 0, Corrected = 1, Other = 0, Pending = 0, Total = 1 },
            LitigationDirect = new ReviewGroup { Upheld = 0, Corrected = 0, Other = 0, Pending = 1, Total = 1 },
            LitigationAfterReconsideration = new ReviewGroup { Upheld = 0, Corrected = 0, Other = 0, Pending = 0, Total = 0 },
        };
        ImportAssert.SameCells(expected, review);
    }

    [Fact]
    public void Text_and_html_renderings_import_to_the_same_tables()
    {
        var text = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read("report-2019.txt"), s_options));
        var html = ImportAssert.Succeeded(ReportImporter.Import(TestData.Read("report-2019.html"), s_options));
        ImportAssert.SameCells(text.ProactiveDisclosure2019, html.ProactiveDisclosure2019);
        ImportAssert.SameCells(text.Requests, html.Requests);
        ImportAssert.SameCells(text.ReviewLitigation, html.ReviewLitigation);
    }

    [Fact]
    public void Without_table_2_headings_the_year_decides_the_format()
    {
        var text = "二、主动公开政府信息情况\n规章 | 1 | 2 | 3 |\n规范性文件 | 4 | 5 | 6 |\n";
        var result = ReportImporter.ImportText(text, new ImportOptions("u", 2020));
        Assert.Equal(FormatVersion._2019, result.Report?.Format ?? FormatVersion._2019);
        // The 2019 format requires every row of table 二: this document is incomplete.
        var error = ImportAssert.Failed(result, "二");
        Assert.Contains("行政许可", error.Expected, StringComparison.Ordinal);
        Assert.Contains(result.Notes, n => n.En.Contains("year 2020", StringComparison.Ordinal));
    }

    [Fact]
    public void An_explicit_format_is_used_as_given()
    {
        var result = ReportImporter.Import(TestData.Read("report-2019.txt"), s_options with { Format = FormatVersion._2021 });
        ImportAssert.Failed(result, "二");
        Assert.Contains(result.Errors, e => e.Found.Contains("2019-format row", StringComparison.Ordinal) && e.Found.Contains("其他对外管理服务事项", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Expected.StartsWith("1 figure cell for 行政许可", StringComparison.Ordinal));
    }

    private static RequestRow Row(long a, long b, long c, long d, long e, long f, long g) => new()
    {
        NaturalPerson = a, CommercialEnterprise = b, ResearchInstitution = c, SocialWelfareOrg = d, LegalServiceOrg = e, OtherOrg = f, Total = g,
    };
}
