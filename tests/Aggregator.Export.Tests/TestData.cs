using Aggregator.Contracts.V1;
using Aggregator.Domain.Cells;
using PbDecimal = Aggregator.Contracts.V1.Decimal;

namespace Aggregator.Export.Tests;

/// <summary>Reports, rollups and comparisons the tests export.</summary>
internal static class TestData
{
    /// <summary>漳河新区 2021 as published (fixtures/reports/zhanghe-2021.txt): 二 as printed, 三 and 四 all zeros.</summary>
    public static Report Zhanghe2021() => new()
    {
        UnitId = "jingmen-zhanghe",
        Year = 2021,
        Format = FormatVersion._2021,
        ProactiveDisclosure = new ProactiveDisclosure
        {
            Regulations = new DocumentCounts { Issued = 0, Repealed = 0, InForce = 0 },
            NormativeDocuments = new DocumentCounts { Issued = 5, Repealed = 23, InForce = 55 },
            AdministrativeLicensingDecisions = 3949,
            AdministrativePenaltyDecisions = 895,
            AdministrativeCoercionDecisions = 0,
            AdministrativeFeesAmount = new PbDecimal { Value = "7.522" },
        },
        Requests = Requests(FormatVersion._2021, (_, _) => 0),
        ReviewLitigation = Review((_, _) => 0),
    };

    /// <summary>Table 三 with every printed row of the format filled by <paramref name="value"/> (row id, column id).</summary>
    public static RequestHandling Requests(FormatVersion format, Func<string, string, long?> value, bool otherHandlingAsOneRow = false)
    {
        var handling = new RequestHandling();
        var single = format == FormatVersion._2019 || otherHandlingAsOneRow;
        foreach (var row in CellCatalog.RequestRows)
        {
            var isPart = row.Id.StartsWith("other_handling.", StringComparison.Ordinal) && row.Id != "other_handling.total";
            if ((single && isPart) || (!single && row.Id == "other_handling.total"))
            {
                continue;
            }

            var pb = new RequestRow();
            foreach (var column in CellCatalog.RequestColumns)
            {
                column.Set(pb, value(row.Id, column.Id));
            }

            row.Set(handling, pb);
        }

        return handling;
    }

    public static ReviewLitigation Review(Func<string, string, long?> value)
    {
        var review = new ReviewLitigation();
        foreach (var group in CellCatalog.ReviewGroups)
        {
            var pb = new ReviewGroup();
            foreach (var column in CellCatalog.ReviewColumns)
            {
                column.Set(pb, value(group.Id, column.Id));
            }

            group.Set(review, pb);
        }

        return review;
    }

    /// <summary>
    /// A city rollup of two districts: fees 0.1 + 0.2 = "0.3", 行政强制 reported by nobody (absent),
    /// 三 new_requests.legal_service_org not reported, 四 filled 1..15.
    /// </summary>
    public static Rollup JingmenRollup()
    {
        var total = new Report
        {
            UnitId = "jingmen",
            Year = 2021,
            Format = FormatVersion._2021,
            ProactiveDisclosure = new ProactiveDisclosure
            {
                Regulations = new DocumentCounts { Issued = 1, Repealed = 2, InForce = 3 },
                NormativeDocuments = new DocumentCounts { Issued = 10, Repealed = 46, InForce = 110 },
                AdministrativeLicensingDecisions = 7898,
                AdministrativePenaltyDecisions = 1790,
                AdministrativeFeesAmount = new PbDecimal { Value = "0.3" },
            },
            Requests = Requests(FormatVersion._2021, (row, column) =>
                row == "new_requests" && column == "legal_service_org" ? null : RequestValue(row, column)),
            ReviewLitigation = Review((group, column) => ReviewValue(group, column)),
        };
        var rollup = new Rollup
        {
            Total = total,
            ExpectedUnits = 3,
            Policy = VersionPolicy.LatestSubmitted,
            Revision = 42,
        };
        rollup.Coverage.Add(new CellCoverage { Cell = "s2.administrative_fees.amount", ReportingUnits = 2 });
        rollup.Coverage.Add(new CellCoverage { Cell = "s2.regulations.issued", ReportingUnits = 2 });
        rollup.Coverage.Add(new CellCoverage { Cell = "s3.new_requests.natural_person", ReportingUnits = 1 });
        rollup.Contributing.Add(new UnitContribution { UnitId = "420802", UnitName = "东宝区", Source = RecordSource.Submission, Version = 3, ReviewState = ReviewState.Accepted });
        rollup.Contributing.Add(new UnitContribution { UnitId = "jingmen-zhanghe", UnitName = "漳河新区", Source = RecordSource.Published, Version = 1, ReviewState = ReviewState.Published });
        rollup.Missing.Add(new MissingUnit { UnitId = "420804", UnitName = "掇刀区", Reason = "no_submission" });
        var finding = new Aggregator.Contracts.V1.Finding
        {
            RuleId = "A3.row_total",
            Severity = Aggregator.Contracts.V1.Severity.Error,
            Kind = FindingKind.NotAssessable,
            MessageZh = "「一、本年新收」行有未报告的单元格,无法核对总计",
            MessageEn = "new_requests has a cell not reported, \"total\" cannot be checked",
        };
        finding.Cells.Add("s3.new_requests.total");
        finding.Cells.Add("s3.new_requests.legal_service_org");
        rollup.Findings.Add(finding);
        rollup.Indicators.Add(new Indicator { Id = "disclosure_rate", Value = new PbDecimal { Value = "0.75" }, LabelZh = "公开率", LabelEn = "disclosure rate" });
        rollup.Indicators.Add(new Indicator { Id = "reconsideration_correction_rate", LabelZh = "复议纠错率", LabelEn = "reconsideration correction rate" });
        return rollup;
    }

    /// <summary>Distinct values per cell so that a misplaced cell shows.</summary>
    public static long RequestValue(string row, string column) =>
        (CellCatalog.RequestRows.ToList().FindIndex(r => r.Id == row) * 10) + CellCatalog.RequestColumns.ToList().FindIndex(c => c.Id == column);

    public static long ReviewValue(string group, string column) =>
        (CellCatalog.ReviewGroups.ToList().FindIndex(g => g.Id == group) * 5) + CellCatalog.ReviewColumns.ToList().FindIndex(c => c.Id == column) + 1;

    /// <summary>Five districts on one metric: a tie at rank 2, one without a value, one not comparable year over year.</summary>
    public static CompareResponse Comparison()
    {
        var c = new CompareResponse
        {
            Metric = "s3.new_requests.total",
            LabelZh = "一、本年新收政府信息公开申请数量·总计",
            LabelEn = "new requests this year / total",
            Total = new PbDecimal { Value = "100" },
            Median = new PbDecimal { Value = "20" },
            Mad = new PbDecimal { Value = "10" },
        };
        c.Rows.Add(Row("420802", "东宝区", "50", 1, "0.5", "30", "2.0235", false, "40", "10", "0.25", true));
        c.Rows.Add(Row("420804", "掇刀区", "20", 2, "0.2", "0", "0", false, null, null, null, false));
        c.Rows.Add(Row("420881", "钟祥市", "20", 2, "0.2", "0", "0", false, "25", "-5", "-0.2", true));
        c.Rows.Add(Row("420882", "京山市", "10", 4, "0.1", "-10", "-0.6745", false, "10", "0", "0", true));
        c.Rows.Add(new ComparisonRow { UnitId = "jingmen-zhanghe", UnitName = "漳河新区", Rank = 0, YoyComparable = true, Source = RecordSource.Published });
        return c;
    }

    private static ComparisonRow Row(string id, string name, string value, int rank, string share, string diff, string z, bool outlier,
        string? previous, string? change, string? rate, bool comparable)
    {
        var row = new ComparisonRow
        {
            UnitId = id,
            UnitName = name,
            Value = new PbDecimal { Value = value },
            Rank = rank,
            Share = new PbDecimal { Value = share },
            DiffFromMedian = new PbDecimal { Value = diff },
            ModifiedZ = new PbDecimal { Value = z },
            Outlier = outlier,
            YoyComparable = comparable,
            Source = RecordSource.Submission,
        };
        if (previous is not null)
        {
            row.Previous = new PbDecimal { Value = previous };
        }

        if (change is not null)
        {
            row.YoyChange = new PbDecimal { Value = change };
        }

        if (rate is not null)
        {
            row.YoyChangeRate = new PbDecimal { Value = rate };
        }

        return row;
    }
}
