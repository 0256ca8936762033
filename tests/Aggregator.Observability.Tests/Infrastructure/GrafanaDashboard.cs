using System.Text.Json;
using System.Text.RegularExpressions;

namespace Aggregator.Observability.Tests.Infrastructure;

/// <summary>One query of one panel.</summary>
public sealed record PanelTarget(int PanelId, string PanelTitle, string PanelType, string RefId, string Expr, string LegendFormat)
{
    public override string ToString() => $"panel {PanelId} \"{PanelTitle}\" ({PanelType}) target {RefId}";
}

/// <summary>A dashboard variable: name, type, its query (for query variables) and the value "All" stands for.</summary>
public sealed record DashboardVariable(string Name, string Type, string Query, string? AllValue);

/// <summary>
/// charts/aggregator/dashboards/aggregator.json as Grafana reads it: every panel (rows' nested
/// panels too) with every PromQL target, and the template variables; and Grafana's variable
/// interpolation for a selection.
/// </summary>
public sealed partial class GrafanaDashboard
{
    private GrafanaDashboard(IReadOnlyList<PanelTarget> targets, IReadOnlyList<string> panelsWithoutTargets, IReadOnlyList<DashboardVariable> variables)
    {
        Targets = targets;
        PanelsWithoutTargets = panelsWithoutTargets;
        Variables = variables;
    }

    /// <summary>The dashboard file copied next to the test assembly (linked from charts/aggregator/dashboards).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "dashboards", "aggregator.json");

    public IReadOnlyList<PanelTarget> Targets { get; }

    /// <summary>Panels that show data (not rows or text) yet have no query.</summary>
    public IReadOnlyList<string> PanelsWithoutTargets { get; }

    public IReadOnlyList<DashboardVariable> Variables { get; }

    public static GrafanaDashboard Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var targets = new List<PanelTarget>();
        var empty = new List<string>();
        Walk(doc.RootElement.GetProperty("panels"), targets, empty);

        var variables = new List<DashboardVariable>();
        if (doc.RootElement.TryGetProperty("templating", out var templating) && templating.TryGetProperty("list", out var list))
        {
            foreach (var v in list.EnumerateArray())
            {
                var query = v.TryGetProperty("query", out var q)
                    ? q.ValueKind == JsonValueKind.Object ? q.TryGetProperty("query", out var qq) ? qq.GetString() ?? "" : "" : q.GetString() ?? ""
                    : "";
                variables.Add(new DashboardVariable(
                    v.GetProperty("name").GetString()!,
                    v.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "",
                    query,
                    v.TryGetProperty("allValue", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null));
            }
        }

        return new GrafanaDashboard(targets, empty, variables);
    }

    /// <summary>
    /// Grafana's interpolation of <c>$name</c>, <c>${name}</c>, <c>${name:format}</c> and <c>[[name]]</c>:
    /// every variable must have a value in <paramref name="values"/> (unknown ones throw, so a new
    /// variable cannot slip through uninterpolated).
    /// </summary>
    public static string Interpolate(string expr, IReadOnlyDictionary<string, string> values) =>
        VariableReference().Replace(expr, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value
                : m.Groups["bracket"].Success ? m.Groups["bracket"].Value
                : m.Groups["plain"].Value;
            return values.TryGetValue(name, out var value)
                ? value
                : throw new KeyNotFoundException($"The query uses the variable '${name}' the test gives no value: `{expr}`.");
        });

    /// <summary>A Grafana <c>label_values(metric, label)</c> variable query, split.</summary>
    public static (string Match, string Label)? ParseLabelValues(string query)
    {
        var m = LabelValuesQuery().Match(query.Trim());
        return m.Success ? (m.Groups["match"].Value.Trim(), m.Groups["label"].Value) : null;
    }

    private static void Walk(JsonElement panels, List<PanelTarget> targets, List<string> empty)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            var id = panel.TryGetProperty("id", out var i) ? i.GetInt32() : 0;
            var title = panel.TryGetProperty("title", out var ti) ? ti.GetString() ?? "" : "";
            var type = panel.TryGetProperty("type", out var ty) ? ty.GetString() ?? "" : "";
            var count = 0;
            if (panel.TryGetProperty("targets", out var ts))
            {
                foreach (var t in ts.EnumerateArray())
                {
                    var expr = t.TryGetProperty("expr", out var e) ? e.GetString() ?? "" : "";
                    var refId = t.TryGetProperty("refId", out var r) ? r.GetString() ?? "" : "";
                    var legend = t.TryGetProperty("legendFormat", out var l) ? l.GetString() ?? "" : "";
                    targets.Add(new PanelTarget(id, title, type, refId, expr, legend));
                    count++;
                }
            }

            if (count == 0 && type is not ("row" or "text" or "news" or "dashlist"))
            {
                empty.Add($"panel {id} \"{title}\" ({type})");
            }

            if (panel.TryGetProperty("panels", out var nested))
            {
                Walk(nested, targets, empty);
            }
        }
    }

    [GeneratedRegex(@"\$\{(?<braced>\w+)(?::[^}]*)?\}|\[\[(?<bracket>\w+)\]\]|\$(?<plain>\w+)")]
    private static partial Regex VariableReference();

    [GeneratedRegex(@"^label_values\((?<match>.+),\s*(?<label>\w+)\s*\)$")]
    private static partial Regex LabelValuesQuery();
}
