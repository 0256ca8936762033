using System.Globalization;
using System.Text;

namespace Aggregator.Benchmarks.Soak;

/// <summary>A fault injected at <paramref name="At"/> into the run.</summary>
internal sealed record FaultRecord(TimeSpan At, FaultKind Kind, string Detail);

/// <summary>Resident set sizes at <paramref name="At"/>: per server process (null while down) and redis-server's.</summary>
internal sealed record MemorySample(TimeSpan At, IReadOnlyList<long?> Servers, long? Redis);

/// <summary>What one soak saw and found; <see cref="Failed"/> when anything was lost, duplicated or does not add up.</summary>
internal sealed class SoakResult(SoakStore store, SoakOptions options)
{
    private readonly List<string> _problems = [];

    public SoakStore Store { get; } = store;

    public SoakOptions Options { get; } = options;

    public List<FaultRecord> Faults { get; } = [];

    public List<MemorySample> Memory { get; } = [];

    public IReadOnlyList<DistrictClient> Districts { get; set; } = [];

    public TimeSpan StreamedFor { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Rollup updates the city offices received (a field: updated with Interlocked).</summary>
    public long WatchUpdates;

    /// <summary>Times a watch ended and was opened again.</summary>
    public long WatchReconnects;

    public int StoredVersions { get; set; }

    public int Losses { get; set; }

    public int Duplicates { get; set; }

    public int Unresolved { get; set; }

    public int RollupsChecked { get; set; }

    public int RollupMismatches { get; set; }

    public long AuditEntries { get; set; }

    public int AuditChecked { get; set; }

    public int AuditMissing { get; set; }

    public int AuditProblems { get; set; }

    public int ProblemCount { get; private set; }

    public IReadOnlyList<string> Problems => _problems;

    public int ClientErrors => Districts.Sum(d => d.Errors.Count);

    public bool Failed => ProblemCount > 0 || ClientErrors > 0 || Losses > 0 || Duplicates > 0 || Unresolved > 0 || RollupMismatches > 0 || AuditMissing > 0 || AuditProblems > 0;

    /// <summary>Records a problem (every one counted, the first 50 kept for the report).</summary>
    public void Problem(string message)
    {
        ProblemCount++;
        if (_problems.Count < 50)
        {
            _problems.Add(message);
        }
    }

    /// <summary>The summary table of one or more runs, then per run the faults, the memory over time and any problem.</summary>
    public static string ToMarkdown(IReadOnlyList<SoakResult> results, string command)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.Append(inv, $"Command: `{command}`\n\n");
        sb.Append("| | ").AppendJoin(" | ", results.Select(r => r.Store == SoakStore.Garnet ? "embedded Garnet" : "redis-server (2 server replicas)")).Append(" |\n");
        sb.Append("|---|").AppendJoin("", results.Select(_ => "---|")).Append('\n');
        void Row(string name, Func<SoakResult, string> value) => sb.Append("| ").Append(name).Append(" | ").AppendJoin(" | ", results.Select(value)).Append(" |\n");
        Row("streamed for", r => r.StreamedFor.ToString(@"m\:ss", inv) + $" (whole run with checks {r.Elapsed.ToString(@"m\:ss", inv)})");
        Row("districts streaming / cities watching", r => $"{r.Districts.Count} / {r.Options.Cities}");
        Row("submissions (distinct keys)", r => r.Districts.Sum(d => d.Sent.Count).ToString("N0", inv));
        Row("acknowledged", r => r.Districts.Sum(d => d.Acknowledged.Count).ToString("N0", inv));
        Row("writes sent (with resends)", r => r.Districts.Sum(d => d.Attempts).ToString("N0", inv));
        Row("acks that were replays (stored before a fault, ack lost)", r => r.Districts.Sum(d => d.Replays).ToString("N0", inv));
        Row("UNAVAILABLE acks (resent)", r => r.Districts.Sum(d => d.RetriableRefusals).ToString("N0", inv));
        Row("stream reconnects / stuck streams", r => $"{r.Districts.Sum(d => d.Reconnects):N0} / {r.Districts.Sum(d => d.StuckStreams)}");
        Row("watch updates / watch reconnects", r => $"{r.WatchUpdates:N0} / {r.WatchReconnects:N0}");
        Row("faults", r => r.Faults.Count == 0 ? "0" : string.Join(", ", r.Faults.GroupBy(f => f.Kind).Select(g => $"{Name(g.Key)} {g.Count()}")));
        Row("versions stored", r => r.StoredVersions.ToString("N0", inv));
        Row("**losses** (acked, not stored as acked)", r => r.Losses.ToString(inv));
        Row("duplicates / never stored", r => $"{r.Duplicates} / {r.Unresolved}");
        Row("rollups = sum of stored reports", r => $"{r.RollupsChecked - r.RollupMismatches} of {r.RollupsChecked}");
        Row("audit: trails intact, entries", r => $"{(r.AuditProblems == 0 ? "yes" : "NO")}, {r.AuditEntries:N0}");
        Row("audit: acked writes found in the trail", r => $"{r.AuditChecked - r.AuditMissing:N0} of {r.AuditChecked:N0}");
        Row("server RSS MB, min / max (all samples)", r => MinMax(r.Memory.SelectMany(m => m.Servers)));
        Row("redis-server RSS MB, min / max", r => r.Store == SoakStore.Redis ? MinMax(r.Memory.Select(m => m.Redis)) : "—");
        Row("result", r => r.Failed ? $"**FAILED** ({r.ProblemCount} problems, {r.ClientErrors} client errors)" : "passed");

        foreach (var r in results)
        {
            sb.Append(inv, $"\n**{r.Store}: memory over time** (RSS MB, per minute: the last sample of each server process, `-` while down; redis-server last)\n\n");
            sb.Append("| minute | ").AppendJoin(" | ", Enumerable.Range(1, r.Memory.FirstOrDefault()?.Servers.Count ?? 0).Select(i => "server-" + i.ToString(inv)));
            sb.Append(r.Store == SoakStore.Redis ? " | redis-server |\n" : " |\n");
            sb.Append("|---|").AppendJoin("", Enumerable.Range(0, (r.Memory.FirstOrDefault()?.Servers.Count ?? 0) + (r.Store == SoakStore.Redis ? 1 : 0)).Select(_ => "---|")).Append('\n');
            foreach (var g in r.Memory.GroupBy(m => (int)m.At.TotalMinutes))
            {
                var last = g.Last();
                sb.Append(inv, $"| {g.Key} | ").AppendJoin(" | ", last.Servers.Select(Mb));
                sb.Append(r.Store == SoakStore.Redis ? " | " + Mb(last.Redis) + " |\n" : " |\n");
            }

            sb.Append(inv, $"\n**{r.Store}: faults**\n\n");
            foreach (var f in r.Faults)
            {
                sb.Append(inv, $"- {f.At.ToString(@"mm\:ss", inv)} {Name(f.Kind)}: {f.Detail}\n");
            }

            sb.Append(inv, $"\n**{r.Store}: how the district streams ended** (count, status)\n\n");
            foreach (var (reason, count) in r.Districts.SelectMany(d => d.StreamEnds).GroupBy(kv => kv.Key).Select(g => (g.Key, g.Sum(kv => kv.Value))).OrderByDescending(x => x.Item2).Take(12))
            {
                sb.Append(inv, $"- {count} {reason.ReplaceLineEndings(" ")}\n");
            }

            var errors = r.Districts.SelectMany(d => d.Errors).Take(20).ToList();
            if (r.Problems.Count > 0 || errors.Count > 0)
            {
                sb.Append(inv, $"\n**{r.Store}: problems**\n\n");
                foreach (var p in r.Problems.Concat(errors))
                {
                    sb.Append("- ").Append(p).Append('\n');
                }
            }
        }

        return sb.ToString();
    }

    private static string Name(FaultKind kind) => kind switch
    {
        FaultKind.ServerKill => "server kill -9",
        FaultKind.RedisKill => "redis-server kill -9",
        FaultKind.RedisStall => "redis-server SIGSTOP",
        FaultKind.ReplicaKill => "replica kill -9",
        _ => kind.ToString(),
    };

    private static string Mb(long? bytes) => bytes is { } b ? (b / (1024.0 * 1024)).ToString("0", CultureInfo.InvariantCulture) : "-";

    private static string MinMax(IEnumerable<long?> values)
    {
        var v = values.OfType<long>().ToList();
        return v.Count == 0 ? "-" : Mb(v.Min()) + " / " + Mb(v.Max());
    }
}
