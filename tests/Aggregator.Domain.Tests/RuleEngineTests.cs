using Aggregator.Domain.Cells;
using Aggregator.Domain.Rules;
using Aggregator.Testing.Synthetic;
using CsCheck;

namespace Aggregator.Domain.Tests;

public sealed class RuleEngineTests
{
    private static readonly string[] s_resultRows = CellCatalog.RequestRows
        .Select(r => r.Id)
        .Where(id => id is not ("new_requests" or "carried_over" or "results_total" or "carried_forward" or "other_handling.total"))
        .ToArray();

    [Fact]
    public void Fixture_PassesEveryErrorRule_AndWarnsN1()
    {
        var result = RuleEngine.Evaluate(TestReports.Zhanghe2021());

        Assert.Empty(result.Errors);
        Assert.Empty(result.NotAssessable);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("N1", warning.RuleId);
        Assert.Equal("4578", warning.Reported);
        Assert.Equal("4668", warning.Computed);
        Assert.Contains("4668", warning.MessageZh, StringComparison.Ordinal);
        Assert.Contains("4578", warning.MessageEn, StringComparison.Ordinal);
    }

    [Fact]
    public void BlankCell_MakesItsRulesNotAssessable_NeverViolated()
    {
        var report = TestReports.Zhanghe2021().WithCell("s3.granted.natural_person", null);

        var result = RuleEngine.Evaluate(report);

        Assert.Empty(result.Errors);
        var notAssessable = result.NotAssessable.Select(f => (f.RuleId, f.Cells[0])).OrderBy(x => x.RuleId).ToArray();
        Assert.Equal(
            [("A3.results_total", "s3.results_total.natural_person"), ("A3.row_total", "s3.granted.total")],
            notAssessable);
        Assert.All(result.NotAssessable, f => Assert.Contains("s3.granted.natural_person", f.Cells));
    }

    [Fact]
    public void BrokenBalance_NamesColumnCellsAndBothSides()
    {
        // 漳河新区 with one new request that was never handled nor carried forward.
        var report = TestReports.Zhanghe2021()
            .WithCell("s3.new_requests.natural_person", 1)
            .WithCell("s3.new_requests.total", 1);

        var errors = RuleEngine.Evaluate(report).Errors.ToList();

        var balance = Assert.Single(errors, e => e.RuleId == RuleCatalog.Balance && e.Cells[0] == "s3.new_requests.natural_person");
        Assert.Equal("1", balance.Reported);
        Assert.Equal("0", balance.Computed);
        Assert.Equal(
            ["s3.new_requests.natural_person", "s3.carried_over.natural_person", "s3.results_total.natural_person", "s3.carried_forward.natural_person"],
            balance.Cells.ToArray());
        Assert.Contains("自然人", balance.MessageZh, StringComparison.Ordinal);
        Assert.Contains("natural persons", balance.MessageEn, StringComparison.Ordinal);
        Assert.Single(errors, e => e.RuleId == RuleCatalog.Balance && e.Cells[0] == "s3.new_requests.total");
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void NegativeCount_AndTooManyDecimals_AreErrors()
    {
        var report = TestReports.Zhanghe2021()
            .WithCell("s2.administrative_penalty.decisions", -1)
            .WithCell("s2.administrative_fees.amount", 1.1234567m);

        var errors = RuleEngine.Evaluate(report).Errors.ToList();

        Assert.Contains(errors, e => e.RuleId == RuleCatalog.NonNegative && e.Cells[0] == "s2.administrative_penalty.decisions");
        Assert.Contains(errors, e => e.RuleId == RuleCatalog.Precision && e.Cells[0] == "s2.administrative_fees.amount" && e.Reported == "1.1234567");
    }

    [Fact]
    public void SignedChange_In2019Format_MayBeNegative()
    {
        var report = SyntheticReports.Create(new UnitId("u1"), new ReportYear(2020), new Random(7))
            .WithCell("s2.administrative_licensing.change", -18);

        Assert.DoesNotContain(RuleEngine.Evaluate(report).Findings, f => f.RuleId == RuleCatalog.NonNegative);
    }

    [Fact]
    public void OtherHandlingAsOneRow_IsUsedByResultsTotal()
    {
        // A 2021 report printing 其他处理 as one row (parts not reported).
        var report = TestReports.Zhanghe2021();
        foreach (var part in new[] { "no_correction", "fee_unpaid", "other" })
        {
            foreach (var column in CellCatalog.RequestColumns)
            {
                report = report.WithCell($"s3.other_handling.{part}.{column.Id}", null);
            }
        }

        foreach (var column in CellCatalog.RequestColumns)
        {
            report = report.WithCell($"s3.other_handling.total.{column.Id}", column.Id is "natural_person" or "total" ? 2 : 0);
        }

        var withoutResults = RuleEngine.Evaluate(report);
        Assert.Contains(withoutResults.Errors, e => e.RuleId == RuleCatalog.ResultsTotal && e.Cells[0] == "s3.results_total.natural_person" && e.Computed == "2");
        Assert.Empty(withoutResults.NotAssessable);

        var fixedReport = report
            .WithCell("s3.results_total.natural_person", 2).WithCell("s3.results_total.total", 2)
            .WithCell("s3.new_requests.natural_person", 2).WithCell("s3.new_requests.total", 2);
        Assert.Empty(RuleEngine.Evaluate(fixedReport).Errors);
    }

    [Fact]
    public void CrossYearRules_WarnWhenTheChainBreaks()
    {
        var unit = new UnitId("u1");
        var y2021 = SyntheticReports.Create(unit, new ReportYear(2021), new Random(1));
        var y2022 = SyntheticReports.Create(unit, new ReportYear(2022), new Random(2), previous: y2021);
        Assert.Empty(RuleEngine.Evaluate(y2022, y2021).Violations);

        var carried = y2021.Figures[CellCatalog.Request("carried_forward", "natural_person")]!.Value;
        var broken = y2022
            .WithCell("s3.carried_over.natural_person", carried + 1)
            .WithCell("s2.normative_documents.in_force", y2022.Figures[CellCatalog.Get("s2.normative_documents.in_force")] + 1);
        var warnings = RuleEngine.Evaluate(broken, y2021).Warnings.ToList();

        Assert.Contains(warnings, w => w.RuleId == RuleCatalog.Carry && w.Cells[0] == "s3.carried_over.natural_person" && w.Computed == ExactDecimal.Format(carried));
        Assert.Contains(warnings, w => w.RuleId == RuleCatalog.InForce && w.Cells[0] == "s2.normative_documents.in_force");
        Assert.DoesNotContain(RuleEngine.Evaluate(broken).Findings, f => f.RuleId is RuleCatalog.Carry or RuleCatalog.InForce);
    }

    [Fact]
    public void OnlyPresentSections_AreChecked()
    {
        var report = TestReports.Zhanghe2021().WithCell("s4.reconsideration.total", 5) with { Present = Sections.S3Requests };
        Assert.Empty(RuleEngine.Evaluate(report).Findings);
    }

    [Fact]
    public void GeneratedConsistentReports_AlwaysPass()
    {
        Gen.Select(Gen.Int, Gen.Int[2019, 2025]).Sample((seed, year) =>
        {
            var report = SyntheticReports.Create(new UnitId("u"), new ReportYear(year), new Random(seed));
            var result = RuleEngine.Evaluate(report);
            return result.Findings.IsEmpty;
        }, iter: 300);
    }

    [Fact]
    public void ChangingAnyCellOfTable3_FailsExactlyTheRulesOfThatCell()
    {
        var columns = CellCatalog.RequestColumns.Select(c => c.Id).ToArray();
        var rows = CellCatalog.RequestRows.Where(r => r.Id != "other_handling.total").Select(r => r.Id).ToArray();
        Gen.Select(Gen.Int, Gen.Int[0, rows.Length - 1], Gen.Int[0, columns.Length - 1], Gen.Int[1, 50]).Sample((seed, r, c, delta) =>
        {
            var (row, column) = (rows[r], columns[c]);
            var report = SyntheticReports.Create(new UnitId("u"), new ReportYear(2021), new Random(seed));
            var path = $"s3.{row}.{column}";
            var mutated = report.WithCell(path, report.Figures[CellCatalog.Get(path)] + delta);

            var expected = new HashSet<(string, string)> { (RuleCatalog.RowTotal, $"s3.{row}.total") };
            if (s_resultRows.Contains(row) || row == "results_total")
            {
                expected.Add((RuleCatalog.ResultsTotal, $"s3.results_total.{column}"));
            }

            if (row is "new_requests" or "carried_over" or "results_total" or "carried_forward")
            {
                expected.Add((RuleCatalog.Balance, $"s3.new_requests.{column}"));
            }

            var findings = RuleEngine.Evaluate(mutated).Findings;
            var actual = findings.Select(f => (f.RuleId, f.Cells[0])).ToHashSet();
            return actual.SetEquals(expected) && findings.All(f => f.IsError && f.Cells.Contains(path));
        }, iter: 500);
    }

    [Fact]
    public void ChangingAnyCellOfTable4_FailsExactlyItsGroupTotal()
    {
        var groups = CellCatalog.ReviewGroups.Select(g => g.Id).ToArray();
        var columns = CellCatalog.ReviewColumns.Select(c => c.Id).ToArray();
        Gen.Select(Gen.Int, Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[1, 50]).Sample((seed, g, c, delta) =>
        {
            var path = $"s4.{groups[g]}.{columns[c]}";
            var report = SyntheticReports.Create(new UnitId("u"), new ReportYear(2021), new Random(seed));
            var mutated = report.WithCell(path, report.Figures[CellCatalog.Get(path)] + delta);

            var finding = Assert.Single(RuleEngine.Evaluate(mutated).Findings);
            return finding.RuleId == RuleCatalog.GroupTotal && finding.Cells[0] == $"s4.{groups[g]}.total" && finding.Cells.Contains(path);
        }, iter: 300);
    }
}
