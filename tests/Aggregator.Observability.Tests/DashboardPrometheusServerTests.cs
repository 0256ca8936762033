using System.Globalization;
using System.Text;
using Aggregator.Observability.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Aggregator.Observability.Tests;

/// <summary>
/// Every query of charts/aggregator/dashboards/aggregator.json, interpolated as Grafana does,
/// evaluated by a real Prometheus that scraped the real server after known traffic. A panel whose
/// query returns nothing is a failure; where the numbers are known, they must match the traffic.
/// </summary>
public sealed class DashboardPrometheusServerTests(DashboardFixture fixture, ITestOutputHelper output) : IClassFixture<DashboardFixture>
{
    private static readonly string s_year = DashboardFixture.Year.ToString(CultureInfo.InvariantCulture);
    private static readonly string s_onTimeYear = DashboardFixture.OnTimeYear.ToString(CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryPanel_AfterTraffic_ReturnsSeries(bool allCitiesAndYears)
    {
        Assert.NotEmpty(fixture.Dashboard.Targets);
        var failures = new List<string>();
        failures.AddRange(fixture.Dashboard.PanelsWithoutTargets.Select(p => p + ": no query"));
        foreach (var target in fixture.Dashboard.Targets)
        {
            var (query, result, error) = await EvaluateAsync(target, allCitiesAndYears);
            output.WriteLine($"{target}: {query}\n    → {error ?? Describe(result!)}");
            if (error is not null)
            {
                failures.Add($"{target}: `{query}` failed: {error}");
            }
            else if (result!.Count == 0)
            {
                failures.Add($"{target}: `{query}` returned nothing");
            }
            else if (result.All(s => double.IsNaN(s.Value)))
            {
                failures.Add($"{target}: `{query}` returned only NaN");
            }
        }

        Assert.True(failures.Count == 0,
            $"{failures.Count} dashboard quer(ies) show no data after the traffic:\n  " + string.Join("\n  ", failures));
    }

    [Fact]
    public async Task Variables_LabelValues_OfferTheCityAndBothYears()
    {
        var values = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var variable in fixture.Dashboard.Variables.Where(v => v.Type == "query"))
        {
            var parsed = GrafanaDashboard.ParseLabelValues(variable.Query);
            Assert.True(parsed is not null, $"Variable '{variable.Name}': expected label_values(…), got `{variable.Query}`.");
            var match = GrafanaDashboard.Interpolate(parsed.Value.Match, fixture.Selection(all: true));
            values[variable.Name] = await fixture.Prometheus.LabelValuesAsync(parsed.Value.Label, match);
            output.WriteLine($"{variable.Name}: {variable.Query} → [{string.Join(", ", values[variable.Name])}]");
        }

        Assert.Equal([DashboardFixture.City], values["city"]);
        Assert.Equal([s_year, s_onTimeYear], values["year"]);
    }

    [Fact]
    public async Task UnitsByStatus_AfterTraffic_CountsSubmittedDraftAndNotStarted()
    {
        var byStatus = (await PanelAsync("各状态单位数")).Single().ToDictionary(s => s.Label("status"), s => s.Value);

        // 2024: 420802, 420804 (stream), 420881, 420882, 420822 (unary) submitted; 漳河新区 a draft;
        // 屈家岭 (rejected only) and 高新区 (refused only) not started.
        Assert.Equal(5, byStatus["submitted"]);
        Assert.Equal(1, byStatus["draft"]);
        Assert.Equal(2, byStatus["not_started"]);
        Assert.Equal(0, byStatus["accepted"]);
        Assert.Equal(0, byStatus["returned"]);
        Assert.Equal(0, byStatus["published"]);
        Assert.Equal(DashboardFixture.Districts.Length, byStatus.Values.Sum());
        var expected = await fixture.Prometheus.QueryAsync($"max(aggregator_units_expected{{city=\"{DashboardFixture.City}\",year=\"{s_year}\"}})");
        Assert.Equal(DashboardFixture.Districts.Length, Assert.Single(expected).Value);
    }

    [Fact]
    public async Task ReportingAndTimelinessRates_AfterTraffic_AreSubmittedOverExpected()
    {
        // One series per city and year, not one per replica.
        var reporting = Assert.Single(Assert.Single(await PanelAsync("各市报送率")));
        Assert.Equal((DashboardFixture.City, s_year), (reporting.Label("city"), reporting.Label("year")));
        Assert.Equal("荆门市", reporting.Label("name"));
        Assert.Equal(5.0 / 8, reporting.Value, 6);

        // 2024's deadline has passed: the submissions were late.
        var timeliness = Assert.Single(Assert.Single(await PanelAsync("各市及时率")));
        Assert.Equal(0, timeliness.Value);

        // 2025 (deadline 2099): 2 of 8 submitted, both on time.
        var all = Assert.Single(await PanelAsync("各市及时率", all: true));
        Assert.Equal(2.0 / 8, all.Single(s => s.Label("year") == s_onTimeYear).Value, 6);
        var allReporting = Assert.Single(await PanelAsync("各市报送率", all: true));
        Assert.Equal(2.0 / 8, allReporting.Single(s => s.Label("year") == s_onTimeYear).Value, 6);
    }

    [Fact]
    public async Task LateUnits_DeadlinePassed_EveryUnitLateOrMissing()
    {
        var byCity = Assert.Single(Assert.Single(await PanelAsync("各市逾期或未报单位数")));
        Assert.Equal(DashboardFixture.City, byCity.Label("city"));
        Assert.Equal("荆门市", byCity.Label("name"));
        Assert.Equal(8, byCity.Value);

        var table = Assert.Single(await PanelAsync("逾期或未报单位"));
        Assert.Equal(DashboardFixture.Districts.Order(StringComparer.Ordinal), table.Select(s => s.Label("unit")).Order(StringComparer.Ordinal));
        Assert.All(table, s => Assert.Equal(1, s.Value));
        Assert.Equal("漳河新区", table.Single(s => s.Label("unit") == "jingmen-zhanghe").Label("name"));

        // Days to the deadline (2025-03-31, end of day in Shanghai) are negative: it has passed.
        var days = Assert.Single(Assert.Single(await PanelAsync("距截止日期天数")));
        Assert.True(days.Value < 0, days.ToString());

        // 2025: nothing is late before its deadline, so all years together are still 8.
        var allYears = Assert.Single(Assert.Single(await PanelAsync("各市逾期或未报单位数", all: true)));
        Assert.Equal(8, allYears.Value);
        var lateOnTimeYear = await fixture.Prometheus.QueryAsync($"max(aggregator_units_late{{city=\"{DashboardFixture.City}\",year=\"{s_onTimeYear}\"}})");
        Assert.Equal(0, Assert.Single(lateOnTimeYear).Value);
    }

    [Fact]
    public async Task SubmissionsByResult_AfterTraffic_SeriesForEachResultAndExactCounts()
    {
        // Every result was sent within the last $__rate_interval: each must show a rate above 0.
        var rates = Assert.Single(await PanelAsync("每秒报送数(按结果)"));
        Assert.Equal(["accepted", "rejected", "replayed"], rates.Select(s => s.Label("result")).Order(StringComparer.Ordinal));
        Assert.All(rates, s => Assert.True(double.IsFinite(s.Value) && s.Value > 0,
            $"{s}: submissions sent within the window show no rate (a counter series that appears with its first increment hides it from rate())."));

        var totals = (await fixture.Prometheus.QueryAsync("sum by (result) (aggregator_submissions_total)"))
            .ToDictionary(s => s.Label("result"), s => s.Value);
        Assert.Equal(fixture.Ledger.Accepted, totals["accepted"]);
        Assert.Equal(fixture.Ledger.Rejected, totals["rejected"]);
        Assert.Equal(fixture.Ledger.Replayed, totals["replayed"]);
    }

    [Fact]
    public async Task TopViolatedRules_AfterTraffic_ContainsTheTriggeredRules()
    {
        var top = Assert.Single(await PanelAsync("违反最多的校验规则"));
        var rules = top.Select(s => s.Label("rule")).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("A3.row_total", rules);
        Assert.Contains("A3.balance", rules);
        Assert.Equal(fixture.Ledger.Violations.Keys.Order(StringComparer.Ordinal), top.Where(s => s.Value > 0).Select(s => s.Label("rule")).Order(StringComparer.Ordinal));

        // increase() over a range holding the whole life of the series: at least what was sent
        // (extrapolation only adds), at most twice that.
        Assert.All(top.Where(s => fixture.Ledger.Violations.ContainsKey(s.Label("rule"))), s =>
        {
            var sent = fixture.Ledger.Violations[s.Label("rule")];
            Assert.True(s.Value >= sent - 0.001 && s.Value <= 2 * sent,
                $"{s}: {sent} violation(s) were sent; increase() sees {s.Value:0.###} (a counter series that appears with its first increment loses it).");
        });

        var totals = (await fixture.Prometheus.QueryAsync("sum by (rule) (aggregator_violations_total)"))
            .ToDictionary(s => s.Label("rule"), s => s.Value);
        AssertCounts(fixture.Ledger.Violations, totals);
    }

    [Theory]
    [InlineData("报送耗时 p50 / p99")]
    [InlineData("存储往返耗时 p99")]
    public async Task LatencyQuantiles_AfterTraffic_AreFiniteSeconds(string title)
    {
        foreach (var result in await PanelAsync(title))
        {
            var quantile = Assert.Single(result);
            Assert.True(double.IsFinite(quantile.Value) && quantile.Value > 0 && quantile.Value <= 10, $"{title}: {quantile}");
        }
    }

    [Fact]
    public async Task RedisHealth_EmbeddedGarnet_IsUp()
    {
        var up = Assert.Single(await PanelAsync("存储(Redis)状态"));
        Assert.Equal(fixture.Instances.Order(StringComparer.Ordinal), up.Select(s => s.Label("instance")).Order(StringComparer.Ordinal));
        Assert.All(up, s => Assert.Equal(1, s.Value));
    }

    [Fact]
    public async Task ActiveStreams_AfterTheStreamClosed_MovedUpAndBackToZero()
    {
        var now = Assert.Single(await PanelAsync("活动流"));
        Assert.Equal(fixture.Instances.Order(StringComparer.Ordinal), now.Select(s => s.Label("instance")).Order(StringComparer.Ordinal));
        Assert.All(now, s => Assert.Equal(0, s.Value));
        var peak = Assert.Single(await fixture.Prometheus.QueryAsync(
            $"max_over_time(aggregator_streams_active{{instance=\"{fixture.Server.MetricsTarget}\"}}[5m])"));
        Assert.Equal(1, peak.Value);
    }

    [Fact]
    public async Task AuthDenials_AfterTraffic_ByReasonAndExactCounts()
    {
        // Every reason was triggered within the last $__rate_interval: each must show a rate above 0.
        var rates = Assert.Single(await PanelAsync("认证拒绝"));
        Assert.True(fixture.Ledger.Denials.Keys.Order(StringComparer.Ordinal).SequenceEqual(
                rates.Where(s => s.Value > 0).Select(s => s.Label("reason")).Order(StringComparer.Ordinal)),
            $"Denied {string.Join(", ", fixture.Ledger.Denials.Keys)} within the window; the panel shows [{Describe(rates)}] "
            + "(a counter series that appears with its first increment hides it from rate()).");

        var totals = (await fixture.Prometheus.QueryAsync("sum by (reason) (aggregator_auth_denied_total)"))
            .ToDictionary(s => s.Label("reason"), s => s.Value);
        AssertCounts(fixture.Ledger.Denials, totals);
    }

    /// <summary>Every label value counted what was sent; values sent nothing (series pre-created at 0) count 0.</summary>
    private static void AssertCounts(IReadOnlyDictionary<string, int> sent, IReadOnlyDictionary<string, double> counted)
    {
        var keys = sent.Keys.Union(counted.Keys).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(keys.Select(k => (k, (double)sent.GetValueOrDefault(k))), keys.Select(k => (k, counted.GetValueOrDefault(k, double.NaN))));
    }

    /// <summary>The results of every target of the panel titled <paramref name="title"/>, in target order.</summary>
    private async Task<IReadOnlyList<IReadOnlyList<PromSample>>> PanelAsync(string title, bool all = false)
    {
        var targets = fixture.Dashboard.Targets.Where(t => t.PanelTitle == title).ToList();
        Assert.True(targets.Count > 0, $"The dashboard has no panel \"{title}\" (renamed? update this test).");
        var results = new List<IReadOnlyList<PromSample>>();
        foreach (var target in targets)
        {
            var (query, result, error) = await EvaluateAsync(target, all);
            Assert.True(error is null, $"{target}: `{query}` failed: {error}");
            output.WriteLine($"{target}: {query}\n    → {Describe(result!)}");
            results.Add(result!);
        }

        return results;
    }

    private async Task<(string Query, IReadOnlyList<PromSample>? Result, string? Error)> EvaluateAsync(PanelTarget target, bool all)
    {
        string query;
        try
        {
            query = GrafanaDashboard.Interpolate(target.Expr, fixture.Selection(all));
        }
        catch (KeyNotFoundException e)
        {
            return (target.Expr, null, e.Message);
        }

        if (string.IsNullOrWhiteSpace(query))
        {
            return (query, null, "empty expr");
        }

        try
        {
            return (query, await fixture.Prometheus.QueryAsync(query), null);
        }
        catch (PromQueryException e)
        {
            return (query, null, e.Error);
        }
    }

    private static string Describe(IReadOnlyList<PromSample> result) =>
        result.Count == 0 ? "(empty)" : new StringBuilder().AppendJoin("; ", result).ToString();
}
