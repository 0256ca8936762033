using Aggregator.Contracts.V1;
using Aggregator.Import.Tests.Rendering;
using Aggregator.Import.Tests.Support;
using CsCheck;

namespace Aggregator.Import.Tests;

/// <summary>
/// Random 2021 reports (random figures, random cells not reported, 其他处理 with or without its
/// sub-rows) rendered to the text form and to a Word-style HTML page, then imported: tables
/// 二/三/四 come back cell for cell, and an unreported cell stays unreported (blank is not zero).
/// </summary>
public sealed class RoundTripPropertyTests
{
    private static readonly Gen<long?> s_count = Gen.Frequency(
        (6, Gen.Long[0, 99]),
        (3, Gen.Long[100, 9_999]),
        (1, Gen.Long[10_000, 5_000_000])).Nullable(0.25);

    private static readonly Gen<string?> s_money = Gen.Select(Gen.Long[0, 99_999], Gen.Int[0, 6], Gen.Long[0, 999_999])
        .Select((whole, decimals, fraction) => decimals == 0
            ? whole.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : whole.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + (fraction % (long)Math.Pow(10, decimals)).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(decimals, '0'))
        .Null(0.25);

    private static readonly Gen<Report> s_report = Gen.Select(s_count.Array[10], s_money, s_count.Array[26 * 7], s_count.Array[15], Gen.Bool)
        .Select((proactive, fee, requests, review, singleOtherRow) => Build(proactive, fee, requests, review, singleOtherRow));

    private static readonly Gen<(Report Report, int Seed)> s_case = Gen.Select(s_report, Gen.Int);

    [Fact]
    public void Text_form_round_trips_tables_2_3_4()
    {
        s_case.Sample(
            (report, seed) => AssertRoundTrip(report, TextReportRenderer.Render(report, seed), html: false),
            iter: 300,
            threads: 1);
    }

    [Fact]
    public void Word_html_round_trips_tables_2_3_4()
    {
        s_case.Sample(
            (report, seed) => AssertRoundTrip(report, HtmlReportRenderer.Render(report, seed), html: true),
            iter: 150,
            threads: 1);
    }

    private static void AssertRoundTrip(Report original, string rendered, bool html)
    {
        var options = new ImportOptions(original.UnitId, original.Year);
        var result = html ? ReportImporter.ImportHtml(rendered, options) : ReportImporter.ImportText(rendered, options);
        Assert.Equal(html, rendered.StartsWith('<'));
        var imported = ImportAssert.Succeeded(ReportImporter.Import(rendered, options));
        var direct = ImportAssert.Succeeded(result);
        Assert.Equal(FormatVersion._2021, imported.Format);
        ImportAssert.SameCells(original.ProactiveDisclosure, imported.ProactiveDisclosure);
        ImportAssert.SameCells(original.Requests, imported.Requests);
        ImportAssert.SameCells(original.ReviewLitigation, imported.ReviewLitigation);
        ImportAssert.SameCells(imported, direct);
    }

    private static Report Build(long?[] p, string? fee, long?[] r, long?[] v, bool singleOtherRow)
    {
        var proactive = new ProactiveDisclosure
        {
            Regulations = Documents(p[0], p[1], p[2]),
            NormativeDocuments = Documents(p[3], p[4], p[5]),
        };
        if (p[6] is long licensing)
        {
            proactive.AdministrativeLicensingDecisions = licensing;
        }

        if (p[7] is long penalty)
        {
            proactive.AdministrativePenaltyDecisions = penalty;
        }

        if (p[8] is long coercion)
        {
            proactive.AdministrativeCoercionDecisions = coercion;
        }

        if (fee is not null)
        {
            proactive.AdministrativeFeesAmount = new Contracts.V1.Decimal { Value = fee };
        }

        var requests = new RequestHandling();
        var i = 0;
        foreach (var field in RequestHandling.Descriptor.Fields.InFieldNumberOrder())
        {
            var row = Row(r.AsSpan(i * 7, 7));
            i++;
            var isSubRow = field.Name.StartsWith("other_handling_", StringComparison.Ordinal) && field.Name != "other_handling_total";
            var isTotal = field.Name == "other_handling_total";
            if ((singleOtherRow && isSubRow) || (!singleOtherRow && isTotal))
            {
                continue;
            }

            field.Accessor.SetValue(requests, row);
        }

        var review = new ReviewLitigation
        {
            Reconsideration = Group(v.AsSpan(0, 5)),
            LitigationDirect = Group(v.AsSpan(5, 5)),
            LitigationAfterReconsideration = Group(v.AsSpan(10, 5)),
        };

        return new Report
        {
            UnitId = "test-unit",
            Year = 2022,
            ProactiveDisclosure = proactive,
            Requests = requests,
            ReviewLitigation = review,
        };
    }

    private static DocumentCounts Documents(long? issued, long? repealed, long? inForce)
    {
        var counts = new DocumentCounts();
        if (issued is long a)
        {
            counts.Issued = a;
        }

        if (repealed is long b)
        {
            counts.Repealed = b;
        }

        if (inForce is long c)
        {
            counts.InForce = c;
        }

        return counts;
    }

    private static RequestRow Row(ReadOnlySpan<long?> cells)
    {
        var row = new RequestRow();
        if (cells[0] is long a) { row.NaturalPerson = a; }
        if (cells[1] is long b) { row.CommercialEnterprise = b; }
        if (cells[2] is long c) { row.ResearchInstitution = c; }
        if (cells[3] is long d) { row.SocialWelfareOrg = d; }
        if (cells[4] is long e) { row.LegalServiceOrg = e; }
        if (cells[5] is long f) { row.OtherOrg = f; }
        if (cells[6] is long g) { row.Total = g; }
        return row;
    }

    private static ReviewGroup Group(ReadOnlySpan<long?> cells)
    {
        var group = new ReviewGroup();
        if (cells[0] is long a) { group.Upheld = a; }
        if (cells[1] is long b) { group.Corrected = b; }
        if (cells[2] is long c) { group.Other = c; }
        if (cells[3] is long d) { group.Pending = d; }
        if (cells[4] is long e) { group.Total = e; }
        return group;
    }
}
