using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Rules;
using Aggregator.Testing.Synthetic;
using CsCheck;

namespace Aggregator.Domain.Tests;

public sealed class RollupMathTests
{
    [Fact]
    public void SumOfValidReports_IsValid()
    {
        Gen.Select(Gen.Int, Gen.Int[1, 30], Gen.Int[2019, 2024]).Sample((seed, count, year) =>
        {
            var random = new Random(seed);
            var acc = new RollupAccumulator();
            for (var i = 0; i < count; i++)
            {
                acc.Add(SyntheticReports.Create(new UnitId($"u{i}"), new ReportYear(year), random));
            }

            var rollup = acc.ToReport(new UnitId("city"), new ReportYear(year));
            var result = RuleEngine.Evaluate(rollup);
            return result.IsValid && !result.NotAssessable.Any() && acc.Units == count;
        }, iter: 100);
    }

    [Fact]
    public void Combining_PartialSums_EqualsSummingEverything()
    {
        Gen.Select(Gen.Int, Gen.Int[0, 20], Gen.Int[0, 20]).Sample((seed, a, b) =>
        {
            var random = new Random(seed);
            var reports = Enumerable.Range(0, a + b).Select(i => SyntheticReports.Create(new UnitId($"u{i}"), new ReportYear(2022), random)).ToList();
            var all = new RollupAccumulator();
            var left = new RollupAccumulator();
            var right = new RollupAccumulator();
            for (var i = 0; i < reports.Count; i++)
            {
                all.Add(reports[i]);
                (i < a ? left : right).Add(reports[i]);
            }

            left.Add(right);
            return left.ToFigures().Equals(all.ToFigures()) && left.Units == all.Units
                && CellCatalog.All.All(c => left.ReportingUnits(c.Id) == all.ReportingUnits(c.Id));
        }, iter: 100);
    }

    [Fact]
    public void Subtracting_AnAddedReport_EqualsNeverHavingAddedIt()
    {
        // Partial reports (some sections only) and both formats, so coverage counts differ by cell.
        Gen.Select(Gen.Int, Gen.Int[1, 20], Gen.Int[2019, 2024]).Sample((seed, count, year) =>
        {
            var random = new Random(seed);
            var reports = Enumerable.Range(0, count).Select(i =>
            {
                var full = SyntheticReports.Create(new UnitId($"u{i}"), new ReportYear(year), random);
                return random.Next(3) == 0 ? full with { Present = Sections.S3Requests | Sections.S4Review } : full;
            }).ToList();
            var removed = random.Next(count);
            var kept = new RollupAccumulator();
            var updated = new RollupAccumulator();
            for (var i = 0; i < count; i++)
            {
                updated.Add(reports[i]);
                if (i != removed)
                {
                    kept.Add(reports[i]);
                }
            }

            updated.Subtract(reports[removed]);
            return updated.Entries().SequenceEqual(kept.Entries()) && updated.Units == kept.Units && updated.Units2019 == kept.Units2019;
        }, iter: 100);
    }

    [Fact]
    public void Subtracting_FromAnEmptySum_Throws()
    {
        var acc = new RollupAccumulator();
        Assert.Throws<InvalidOperationException>(() => acc.Subtract(TestReports.Zhanghe2021()));
    }

    [Fact]
    public void MoneySums_AreExact_AndCoverageCountsReporters()
    {
        var fee = CellCatalog.Get("s2.administrative_fees.amount");
        var acc = new RollupAccumulator();
        acc.Add(TestReports.Zhanghe2021().WithCell("s2.administrative_fees.amount", 0.1m));
        acc.Add(TestReports.Zhanghe2021().WithCell("s2.administrative_fees.amount", 0.2m));
        acc.Add(TestReports.Zhanghe2021().WithCell("s2.administrative_fees.amount", null));

        Assert.Equal("0.3", ExactDecimal.Format(acc.ToFigures()[fee]!.Value));
        Assert.Equal(2, acc.ReportingUnits(fee));
        Assert.Equal(3, acc.ReportingUnits(CellCatalog.Request("new_requests", "total")));
    }

    [Fact]
    public void CellNobodyReported_StaysNotReported()
    {
        var acc = new RollupAccumulator();
        acc.Add(TestReports.Zhanghe2021().WithCell("s4.reconsideration.other", null));
        acc.Add(TestReports.Zhanghe2021().WithCell("s4.reconsideration.other", null));

        Assert.Null(acc.ToFigures()[CellCatalog.Review("reconsideration", "other")]);
        Assert.Equal(0m, acc.ToFigures()[CellCatalog.Review("reconsideration", "upheld")]);
    }

    [Fact]
    public void SectionsNotPresent_AreNotSummed()
    {
        var acc = new RollupAccumulator();
        acc.Add(TestReports.Zhanghe2021() with { Present = Sections.S3Requests });

        Assert.Equal(0, acc.ReportingUnits(CellCatalog.Get("s2.administrative_fees.amount")));
    }
}

public sealed class ComparisonMathTests
{
    [Fact]
    public void HandComputedCase_MedianMadRanksWithTiesAndOutlier()
    {
        ComparisonInput[] inputs =
        [
            new("a", 10, 5, true), new("b", 20, 20, true), new("c", 20, null, true),
            new("d", 40, 0, true), new("e", 100, 50, false), new("f", null, 3, true),
        ];

        var result = ComparisonMath.Compare(inputs, additive: true);

        Assert.Equal(190m, result.Total);
        Assert.Equal(20m, result.Median);
        Assert.Equal(10m, result.Mad); // |deviations| 10, 0, 0, 20, 80 → median 10
        var byKey = result.Lines.ToDictionary(l => l.Key);
        Assert.Equal([1, 2, 3, 3, 5, 0], result.Lines.Select(l => l.Rank).ToArray());
        Assert.Equal(["e", "d", "b", "c", "a", "f"], result.Lines.Select(l => l.Key).ToArray());
        Assert.Equal(5.396m, byKey["e"].ModifiedZ); // 0.6745 × 80 / 10
        Assert.True(byKey["e"].Outlier);
        Assert.False(byKey["d"].Outlier); // 0.6745 × 20 / 10 = 1.349
        Assert.Equal(-10m, byKey["a"].DiffFromMedian);
        Assert.Equal(decimal.Round(10m / 190m, 6), byKey["a"].Share);
        Assert.Equal(5m, byKey["a"].YoyChange);
        Assert.Equal(1m, byKey["a"].YoyChangeRate);
        Assert.Null(byKey["d"].YoyChangeRate); // previous 0: no value
        Assert.Equal(40m, byKey["d"].YoyChange);
        Assert.Null(byKey["e"].YoyChange); // not comparable
        Assert.False(byKey["e"].YoyComparable);
        Assert.Null(byKey["c"].YoyChange);
        Assert.Null(byKey["f"].Value);
    }

    [Fact]
    public void MadZero_GivesNoZScore()
    {
        var result = ComparisonMath.Compare([new("a", 5, null, true), new("b", 5, null, true), new("c", 9, null, true)], additive: false);

        Assert.Equal(0m, result.Mad);
        Assert.All(result.Lines, l => Assert.Null(l.ModifiedZ));
        Assert.Null(result.Total);
        Assert.All(result.Lines, l => Assert.Null(l.Share));
    }

    [Theory]
    [InlineData("s2.regulations.issued", false)]
    [InlineData("s3.new_requests.total", true)]
    [InlineData("s4.reconsideration.corrected", true)]
    [InlineData("s3.other_handling.total.total", true)]
    [InlineData("s3.other_handling.fee_unpaid.total", false)]
    [InlineData("disclosure_rate", true)]
    public void AcrossFormats_Table2IsNotComparable(string metric, bool comparable)
    {
        Assert.Equal(comparable, Comparability.IsComparable(metric, ReportFormat.V2019, ReportFormat.V2021));
        Assert.True(Comparability.IsComparable(metric, ReportFormat.V2021, ReportFormat.V2021));
    }
}

public sealed class IndicatorTests
{
    [Fact]
    public void DivisionByZero_IsNoValue()
    {
        var values = Indicators.Evaluate(TestReports.Zhanghe2021().Figures);

        Assert.All(values, v => Assert.Null(v.Value));
    }

    [Fact]
    public void DisclosureAndCorrectionRates()
    {
        var report = TestReports.Zhanghe2021()
            .WithCell("s3.granted.total", 3).WithCell("s3.partially_granted.total", 1).WithCell("s3.results_total.total", 8)
            .WithCell("s4.reconsideration.corrected", 1).WithCell("s4.reconsideration.pending", 2).WithCell("s4.reconsideration.total", 6);

        var values = Indicators.Evaluate(report.Figures).ToDictionary(v => v.Definition.Id, v => v.Value);

        Assert.Equal(0.5m, values["disclosure_rate"]);
        Assert.Equal(0.375m, values["grant_rate"]);
        Assert.Equal(0.25m, values["reconsideration_correction_rate"]);
        Assert.Equal(0m, values["withholding_rate"]);
    }

    [Fact]
    public void NotReportedOperand_IsNoValue()
    {
        var report = TestReports.Zhanghe2021().WithCell("s3.granted.total", null).WithCell("s3.results_total.total", 4);

        Assert.Null(Indicators.Evaluate(report.Figures).Single(v => v.Definition.Id == "disclosure_rate").Value);
    }
}

public sealed class DeadlineTests
{
    [Fact]
    public void Defaults_FollowArticle49_AtEndOfDayInShanghai()
    {
        var policy = new DeadlinePolicy();

        Assert.Equal(DateTimeOffset.Parse("2022-03-31T16:00:00Z", System.Globalization.CultureInfo.InvariantCulture), policy.DueInstant(DeadlineLevel.Government, 2021));
        Assert.Equal(new DateOnly(2022, 1, 31), policy.DueDate(DeadlineLevel.Department, 2021));
    }

    [Fact]
    public void Overrides_PerLevelAndYear()
    {
        var policy = new DeadlinePolicy().With(DeadlineLevel.Government, 2021, new DateOnly(2022, 4, 15));

        Assert.Equal(new DateOnly(2022, 4, 15), policy.DueDate(DeadlineLevel.Government, 2021));
        Assert.Equal(new DateOnly(2023, 3, 31), policy.DueDate(DeadlineLevel.Government, 2022));
    }

    [Theory]
    [InlineData("2022-03-31T15:59:59Z", false, true)]
    [InlineData("2022-03-31T16:00:01Z", true, false)]
    public void SubmittedAfterDeadline_IsLate(string submittedAt, bool late, bool onTime)
    {
        var deadline = new DeadlinePolicy().DueInstant(DeadlineLevel.Government, 2021);
        var at = DateTimeOffset.Parse(submittedAt, System.Globalization.CultureInfo.InvariantCulture);

        var status = StatusRules.Assess(new StatusFacts(true, true, false, false, false, at), deadline, at.AddDays(30));

        Assert.Equal(ReportingStatus.Submitted, status.Status);
        Assert.Equal(late, status.Late);
        Assert.Equal(onTime, status.OnTime);
    }

    [Fact]
    public void MissingAtPassedDeadline_IsLate_ButNotBefore()
    {
        var deadline = new DeadlinePolicy().DueInstant(DeadlineLevel.Government, 2021);
        var facts = new StatusFacts(true, false, false, false, false, null);

        Assert.False(StatusRules.Assess(facts, deadline, deadline.AddSeconds(-1)).Late);
        var after = StatusRules.Assess(facts, deadline, deadline.AddSeconds(1));
        Assert.True(after.Late);
        Assert.Equal(ReportingStatus.Draft, after.Status);
    }

    [Theory]
    [InlineData("2022-03-31T15:59:59Z", 0)] // 23:59:59 on the due date in Shanghai
    [InlineData("2022-03-31T16:00:01Z", 1)] // 00:00:01 the day after
    [InlineData("2022-04-01T15:59:59Z", 1)] // 23:59:59 the day after
    [InlineData("2022-04-01T16:00:00Z", 2)]
    [InlineData("2022-04-30T02:00:00Z", 30)]
    public void DaysLate_CountsCalendarDaysInShanghai(string at, int expected)
    {
        var deadline = new DeadlinePolicy().DueInstant(DeadlineLevel.Government, 2021);

        Assert.Equal(expected, StatusRules.DaysLate(deadline, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture)));
    }
}

public sealed class VersionChangesTests
{
    [Fact]
    public void Between_ListsChangedCellsIncludingNewlyReportedAndCleared()
    {
        var before = Aggregator.Testing.Synthetic.SyntheticReports.Create(new UnitId("420802"), new ReportYear(2021), new Random(1));
        var newRequests = Aggregator.Domain.Cells.CellCatalog.Get("s3.new_requests.total");
        var fees = Aggregator.Domain.Cells.CellCatalog.Get("s2.administrative_fees.amount");
        var after = before with { Figures = before.Figures.With(newRequests, before.Figures[newRequests] + 1).With(fees, null) };

        var changes = VersionChanges.Between(before, after);

        Assert.Equal([fees, newRequests], changes.Select(c => c.Cell).OrderBy(c => c.Ordinal));
        var changed = changes.Single(c => c.Cell == newRequests);
        Assert.Equal(before.Figures[newRequests], changed.Before);
        Assert.Equal(before.Figures[newRequests] + 1, changed.After);
        Assert.Null(changes.Single(c => c.Cell == fees).After);
        Assert.Empty(VersionChanges.Between(before, before));
    }
}
