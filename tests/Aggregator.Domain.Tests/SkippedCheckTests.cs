using Aggregator.Domain.Cells;
using Aggregator.Domain.Rules;
using Aggregator.Testing.Synthetic;

namespace Aggregator.Domain.Tests;

/// <summary>A check that cannot run is named, checked as far as it can be, and never silent.</summary>
public sealed class SkippedCheckTests
{
    private static AnnualReport WithoutOtherItem3(AnnualReport report, bool printTotal)
    {
        foreach (var column in CellCatalog.RequestColumns)
        {
            var total = report.Figures[CellCatalog.Request("other_handling.no_correction", column.Id)]
                + report.Figures[CellCatalog.Request("other_handling.fee_unpaid", column.Id)]
                + report.Figures[CellCatalog.Request("other_handling.other", column.Id)];
            report = report
                .WithCell($"s3.other_handling.other.{column.Id}", null)
                .WithCell($"s3.other_handling.total.{column.Id}", printTotal ? total : null);
        }

        return report;
    }

    private static AnnualReport Generated(int seed) => SyntheticReports.Create(new UnitId("u"), new ReportYear(2021), new Random(seed));

    [Fact]
    public void MissingItem3_WithPrintedTotal_ChecksResultsTotalOnTheTotal_AndWarnsPartial()
    {
        // A column-sum error of 6: granted is 6 too high in the natural-person column (and its row total).
        var report = WithoutOtherItem3(Generated(3), printTotal: true);
        var granted = report.Figures[CellCatalog.Request("granted", "natural_person")]!.Value;
        var grantedTotal = report.Figures[CellCatalog.Request("granted", "total")]!.Value;
        report = report.WithCell("s3.granted.natural_person", granted + 6).WithCell("s3.granted.total", grantedTotal + 6);

        var result = RuleEngine.Evaluate(report);

        Assert.Contains(result.Errors, e => e.RuleId == RuleCatalog.ResultsTotal && e.Cells[0] == "s3.results_total.natural_person");
        var partial = result.NotAssessable.Where(f => f.RuleId == RuleCatalog.OtherHandlingTotal).ToList();
        Assert.Equal(7, partial.Count);
        Assert.All(partial, f => Assert.True(f.PartiallyChecked));
        Assert.Contains(partial, f => f.Missing.SequenceEqual(["s3.other_handling.other.natural_person"]));
        var warning = Assert.Single(result.Warnings, w => w.RuleId == RuleCatalog.PartialCheck);
        Assert.Contains("s3.other_handling.other.total", warning.Missing);
        Assert.Contains(RuleCatalog.OtherHandlingTotal, warning.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingItem3_WithoutTotal_PartsExceedingResultsTotal_IsAnError()
    {
        var report = WithoutOtherItem3(Generated(4), printTotal: false);
        var granted = report.Figures[CellCatalog.Request("granted", "research_institution")]!.Value;
        var grantedTotal = report.Figures[CellCatalog.Request("granted", "total")]!.Value;
        report = report.WithCell("s3.granted.research_institution", granted + 6 + 1000).WithCell("s3.granted.total", grantedTotal + 6 + 1000);

        var result = RuleEngine.Evaluate(report);

        var error = Assert.Single(result.Errors, e => e.RuleId == RuleCatalog.ResultsTotal && e.Cells[0] == "s3.results_total.research_institution");
        Assert.True(error.PartiallyChecked);
        Assert.Equal(["s3.other_handling.other.research_institution"], error.Missing.ToArray());
    }

    [Fact]
    public void MissingItem3_WithoutTotal_ErrorWithinBound_StillWarns()
    {
        // Granted 6 too low: the parts present stay below the total, so only a partial check is possible.
        var report = WithoutOtherItem3(Generated(5), printTotal: false)
            .WithCell("s3.granted.natural_person", 0).WithCell("s3.granted.total", 0);

        var result = RuleEngine.Evaluate(report);

        Assert.NotEmpty(result.Warnings);
        var warning = Assert.Single(result.Warnings, w => w.RuleId == RuleCatalog.CoreNotAssessed && w.MessageEn.Contains(RuleCatalog.ResultsTotal, StringComparison.Ordinal));
        Assert.True(warning.PartiallyChecked);
        Assert.Contains("s3.other_handling.other.total", warning.Missing);
        Assert.Contains(result.NotAssessable, f => f.RuleId == RuleCatalog.ResultsTotal && f.Missing.Contains("s3.other_handling.other.natural_person"));
    }

    [Fact]
    public void CoreIdentityNotAssessable_IsAWarning_NamingTheMissingCell()
    {
        var report = Generated(6).WithCell("s3.results_total.natural_person", null);

        var result = RuleEngine.Evaluate(report);

        // One warning per core identity that could not be fully checked: A3.balance and A3.results_total.
        var warnings = result.Warnings.Where(w => w.RuleId == RuleCatalog.CoreNotAssessed).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("s3.results_total.natural_person", w.Missing));
        Assert.Contains(warnings, w => w.MessageZh.Contains(RuleCatalog.Balance, StringComparison.Ordinal));
        Assert.Contains(result.NotAssessable, f => f.RuleId == RuleCatalog.Balance && f.Missing.SequenceEqual(["s3.results_total.natural_person"]));
        Assert.Contains("s3.results_total.natural_person", result.NotAssessable.First().MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void Carry_ComparesAcrossTheFormatChange()
    {
        var unit = new UnitId("u1");
        var y2020 = SyntheticReports.Create(unit, new ReportYear(2020), new Random(1));
        var y2021 = SyntheticReports.Create(unit, new ReportYear(2021), new Random(2), previous: y2020);
        Assert.Equal(ReportFormat.V2019, y2020.Format);
        Assert.Equal(ReportFormat.V2021, y2021.Format);
        Assert.Empty(RuleEngine.Evaluate(y2021, y2020).Findings);

        var carried = y2020.Figures[CellCatalog.Request("carried_forward", "total")]!.Value;
        var broken = y2021;
        foreach (var path in new[] { "s3.carried_over.natural_person", "s3.carried_over.total", "s3.carried_forward.natural_person", "s3.carried_forward.total" })
        {
            broken = broken.WithCell(path, broken.Figures[CellCatalog.Get(path)] + 2);
        }

        var warnings = RuleEngine.Evaluate(broken, y2020).Warnings.ToList();
        Assert.All(warnings, w => Assert.Equal(RuleCatalog.Carry, w.RuleId));
        Assert.Equal(["s3.carried_over.natural_person", "s3.carried_over.total"], warnings.Select(w => w.Cells[0]).Order(StringComparer.Ordinal).ToArray());
        var warning = warnings.Single(w => w.Cells[0] == "s3.carried_over.total");
        Assert.Equal("s3.carried_forward.total@2020", warning.Cells[1]);
        Assert.Equal(ExactDecimal.Format(carried), warning.Computed);
    }
}
