using System.Globalization;
using System.Text;

namespace Aggregator.Benchmarks.Harness;

/// <summary>One measured figure: a value (NaN = not produced), its target and whether it was met.</summary>
public sealed record Figure(string Store, string Name, double Value, string Unit, string Target, bool? Met, string Detail)
{
    public bool HasValue => !double.IsNaN(Value) && !double.IsInfinity(Value);
}

/// <summary>A load run's counts, so a caller can check that every message was answered and accepted.</summary>
public sealed record LoadCheck(string Store, string Name, int Sent, int Answered, int Accepted, string? FirstError);

/// <summary>Everything one harness run measured.</summary>
public sealed class HarnessResult
{
    private readonly List<Figure> _figures = [];
    private readonly List<LoadCheck> _loads = [];
    private readonly List<string> _notes = [];

    public IReadOnlyList<Figure> Figures => _figures;

    public IReadOnlyList<LoadCheck> Loads => _loads;

    public IReadOnlyList<string> Notes => _notes;

    public TimeSpan Elapsed { get; internal set; }

    internal void Add(Figure figure) => _figures.Add(figure);

    internal void Add(LoadCheck load) => _loads.Add(load);

    internal void Note(string note) => _notes.Add(note);

    /// <summary>The result as a markdown fragment (the table of every figure, then every load run).</summary>
    public string ToMarkdown(HarnessOptions options)
    {
        var sb = new StringBuilder();
        var i = CultureInfo.InvariantCulture;
        sb.Append(i, $"Harness run: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {Elapsed.TotalSeconds:F0} s; ");
        sb.Append(i, $"ingest {options.IngestReports} reports/round × {options.Rounds} rounds, K = {options.Streams} streams, unary concurrency {options.UnaryConcurrency}; ");
        sb.Append(i, $"rollup sizes {string.Join("/", options.RollupSizes)} × {options.RollupCalls} calls; burst {options.BurstUnits} units; ");
        sb.Append(i, $"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, gen0 budget DOTNET_GCgen0size={Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "unset (the runtime's default)"}.\n\n");
        sb.Append("| store | figure | value | target | met | detail |\n|---|---|---|---|---|---|\n");
        foreach (var f in _figures)
        {
            var value = f.HasValue ? Format(f.Value) + (f.Unit.Length > 0 ? " " + f.Unit : "") : "—";
            var met = f.Met switch { true => "yes", false => "**no**", null => "" };
            sb.Append(i, $"| {f.Store} | {f.Name} | {value} | {f.Target} | {met} | {f.Detail} |\n");
        }

        sb.Append("\n| store | load run | sent | answered | accepted | first error |\n|---|---|---|---|---|---|\n");
        foreach (var l in _loads)
        {
            sb.Append(i, $"| {l.Store} | {l.Name} | {l.Sent} | {l.Answered} | {l.Accepted} | {l.FirstError?.Replace('|', '/') ?? ""} |\n");
        }

        if (_notes.Count > 0)
        {
            sb.Append('\n');
            foreach (var n in _notes)
            {
                sb.Append("- ").Append(n).Append('\n');
            }
        }

        return sb.ToString();
    }

    internal static string Format(double v) => Math.Abs(v) switch
    {
        >= 1000 => v.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => v.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => v.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => v.ToString("F2", CultureInfo.InvariantCulture),
        _ => v.ToString("F3", CultureInfo.InvariantCulture),
    };
}
