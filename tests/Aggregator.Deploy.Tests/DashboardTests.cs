using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Deploy.Tests.Infrastructure;

namespace Aggregator.Deploy.Tests;

/// <summary>
/// charts/aggregator/dashboards/aggregator.json against the Prometheus series the server
/// exports. Dashboards depend on the names: a rename on either side fails here.
/// </summary>
public sealed partial class DashboardTests : IDisposable
{
    /// <summary>The series the server exports (OpenTelemetry Prometheus exporter naming).</summary>
    private static readonly HashSet<string> s_knownSeries = new(StringComparer.Ordinal)
    {
        "aggregator_reporting_ratio",
        "aggregator_timeliness_ratio",
        "aggregator_units",
        "aggregator_units_late",
        "aggregator_unit_late",
        "aggregator_submissions_total",
        "aggregator_violations_total",
        "aggregator_submission_duration_seconds_bucket",
        "aggregator_store_roundtrip_duration_seconds_bucket",
        "aggregator_store_up",
        "aggregator_streams_active",
        "aggregator_auth_denied_total",
        "aggregator_unit_info",
        "aggregator_deadline_seconds",
    };

    private readonly JsonDocument _dashboard = JsonDocument.Parse(
        File.ReadAllText(RepoPaths.Combine("charts", "aggregator", "dashboards", "aggregator.json")));

    private JsonElement Root => _dashboard.RootElement;

    public void Dispose() => _dashboard.Dispose();

    [Fact]
    public void Dashboard_Identity_HasStableUidAndSchemaVersion()
    {
        Assert.Equal("aggregator-submissions", Root.GetProperty("uid").GetString());
        Assert.InRange(Root.GetProperty("schemaVersion").GetInt32(), 36, 41);
        Assert.False(string.IsNullOrWhiteSpace(Root.GetProperty("title").GetString()));
    }

    [Fact]
    public void Dashboard_Variables_DatasourceCityAndYear()
    {
        var variables = Root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!);

        Assert.Equal("datasource", variables["datasource"].GetProperty("type").GetString());
        Assert.Equal("prometheus", variables["datasource"].GetProperty("query").GetString());
        Assert.Equal("label_values(aggregator_units, city)", VariableQuery(variables["city"]));
        Assert.Equal("label_values(aggregator_units{city=~\"$city\"}, year)", VariableQuery(variables["year"]));
    }

    [Fact]
    public void Dashboard_EveryPanel_QueriesTheSelectedDatasource()
    {
        var panels = Panels().ToList();

        Assert.NotEmpty(panels);
        Assert.All(panels, panel =>
        {
            var title = panel.GetProperty("title").GetString();
            Assert.False(string.IsNullOrWhiteSpace(title));
            Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"panel '{title}' has no targets");
            Assert.All(targets, t =>
            {
                Assert.Equal("${datasource}", t.GetProperty("datasource").GetProperty("uid").GetString());
                Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), $"panel '{title}' has an empty query");
            });
        });
    }

    [Fact]
    public void Dashboard_Queries_UseOnlyKnownSeriesAndAllOfThem()
    {
        var expressions = Panels()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString()!)
            .Concat(Root.GetProperty("templating").GetProperty("list").EnumerateArray()
                .Where(v => v.GetProperty("type").GetString() == "query")
                .Select(VariableQuery))
            .ToList();

        var used = expressions.SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(used.Except(s_knownSeries));
        Assert.Empty(s_knownSeries.Except(used));
    }

    [Theory]
    [InlineData("各市报送率", "(max by (city, year) (aggregator_reporting_ratio{city=~\"$city\",year=~\"$year\"})) * on (city) group_left (name) max by (city, name) (aggregator_unit_info{level=\"city\"}) or on (city, year) (max by (city, year) (aggregator_reporting_ratio{city=~\"$city\",year=~\"$year\"}))")]
    [InlineData("各市及时率", "(max by (city, year) (aggregator_timeliness_ratio{city=~\"$city\",year=~\"$year\"})) * on (city) group_left (name) max by (city, name) (aggregator_unit_info{level=\"city\"}) or on (city, year) (max by (city, year) (aggregator_timeliness_ratio{city=~\"$city\",year=~\"$year\"}))")]
    [InlineData("各状态单位数", "sum by (status) (max by (city, year, status) (aggregator_units{city=~\"$city\",year=~\"$year\"}))")]
    [InlineData("各市逾期或未报单位数", "(sum by (city) (max by (city, year) (aggregator_units_late{city=~\"$city\",year=~\"$year\"}))) * on (city) group_left (name) max by (city, name) (aggregator_unit_info{level=\"city\"}) or on (city) (sum by (city) (max by (city, year) (aggregator_units_late{city=~\"$city\",year=~\"$year\"})))")]
    [InlineData("逾期或未报单位", "(max by (city, year, unit) (aggregator_unit_late{city=~\"$city\",year=~\"$year\"}) == 1) * on (unit) group_left (name) max by (unit, name) (aggregator_unit_info) or on (city, year, unit) (max by (city, year, unit) (aggregator_unit_late{city=~\"$city\",year=~\"$year\"}) == 1)")]
    [InlineData("每秒报送数(按结果)", "sum by (result) (rate(aggregator_submissions_total[$__rate_interval]))")]
    [InlineData("违反最多的校验规则", "topk(10, sum by (rule) (increase(aggregator_violations_total[$__range])))")]
    [InlineData("报送耗时 p50 / p99", "histogram_quantile(0.99, sum by (le) (rate(aggregator_submission_duration_seconds_bucket[$__rate_interval])))")]
    [InlineData("存储往返耗时 p99", "histogram_quantile(0.99, sum by (le) (rate(aggregator_store_roundtrip_duration_seconds_bucket[$__rate_interval])))")]
    [InlineData("存储(Redis)状态", "aggregator_store_up")]
    [InlineData("活动流", "aggregator_streams_active")]
    [InlineData("认证拒绝", "sum by (reason) (rate(aggregator_auth_denied_total[$__rate_interval]))")]
    public void Dashboard_Panel_HasExpectedQuery(string title, string expression)
    {
        var panel = Assert.Single(Panels(), p => p.GetProperty("title").GetString() == title);

        Assert.Contains(expression, panel.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()));
    }

    [Fact]
    public void Dashboard_Panels_HaveUniqueIdsAndNoOverlap()
    {
        var all = Root.GetProperty("panels").EnumerateArray().ToList();

        Assert.Equal(all.Count, all.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        var cells = new HashSet<(int X, int Y)>();
        foreach (var panel in all)
        {
            var grid = panel.GetProperty("gridPos");
            var (x, y, w, h) = (grid.GetProperty("x").GetInt32(), grid.GetProperty("y").GetInt32(), grid.GetProperty("w").GetInt32(), grid.GetProperty("h").GetInt32());
            Assert.InRange(x + w, 1, 24);
            for (var i = x; i < x + w; i++)
            {
                for (var j = y; j < y + h; j++)
                {
                    Assert.True(cells.Add((i, j)), $"panel '{panel.GetProperty("title").GetString()}' overlaps another at ({i},{j})");
                }
            }
        }
    }

    /// <summary>Panels with queries (rows excluded), including panels nested in collapsed rows.</summary>
    private IEnumerable<JsonElement> Panels() =>
        Root.GetProperty("panels").EnumerateArray()
            .SelectMany<JsonElement, JsonElement>(p => p.GetProperty("type").GetString() == "row" && p.TryGetProperty("panels", out var nested)
                ? nested.EnumerateArray().ToList()
                : [p])
            .Where(p => p.GetProperty("type").GetString() != "row");

    private static string VariableQuery(JsonElement variable) =>
        variable.GetProperty("query") is { ValueKind: JsonValueKind.Object } query
            ? query.GetProperty("query").GetString()!
            : variable.GetProperty("query").GetString()!;

    [GeneratedRegex("aggregator_[a-z_]+")]
    private static partial Regex MetricName();
}
