using System.Diagnostics.Metrics;
using System.Globalization;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Aggregator.Benchmarks.Harness;

/// <summary>What the store saw during one measured window.</summary>
internal sealed record StoreCounts(
    IReadOnlyDictionary<string, long> ClientCommands,
    IReadOnlyDictionary<string, long> ServerCalls,
    long? ServerCommandsProcessed,
    long? UsedMemoryDelta,
    long SubmitRounds,
    long PartitionReads)
{
    public long ClientTotal => ClientCommands.Values.Sum();

    /// <summary>EVAL/EVALSHA issued by the server's multiplexer (script round trips).</summary>
    public long ClientScripts => ClientCommands.Where(c => c.Key.StartsWith("EVAL", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Value);

    public long ServerScripts => ServerCalls.Where(c => c.Key.StartsWith("eval", StringComparison.OrdinalIgnoreCase)).Sum(c => c.Value);
}

/// <summary>
/// Counts store traffic in a window: every command of the server's multiplexer (StackExchange.Redis
/// profiling, works on both stores), INFO commandstats and memory deltas (redis-server; Garnet's
/// commandstats are empty), and the store's own round-trip telemetry (batches written, partitions read).
/// </summary>
internal sealed class StoreProbe : IDisposable
{
    private readonly AggregatorHost _host;
    private readonly MeterListener _listener = new();
    private ProfilingSession? _session;
    private long _submitRounds;
    private long _partitionReads;

    public StoreProbe(AggregatorHost host)
    {
        _host = host;
        host.Multiplexer.RegisterProfiler(() => _session);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Aggregator.Server" && instrument.Name == "aggregator.store.roundtrip.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "operation")
                {
                    if (tag.Value as string == "submit")
                    {
                        Interlocked.Increment(ref _submitRounds);
                    }
                    else if (tag.Value as string == "partition")
                    {
                        Interlocked.Increment(ref _partitionReads);
                    }
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Measures <paramref name="action"/>.</summary>
    public async Task<(T Result, StoreCounts Counts)> MeasureAsync<T>(Func<Task<T>> action)
    {
        var before = await ServerInfoAsync();
        Interlocked.Exchange(ref _submitRounds, 0);
        Interlocked.Exchange(ref _partitionReads, 0);
        _session = new ProfilingSession();
        T result;
        IEnumerable<IProfiledCommand> commands;
        try
        {
            result = await action();
        }
        finally
        {
            var session = _session;
            _session = null;
            commands = session!.FinishProfiling();
        }

        var after = await ServerInfoAsync();
        var client = commands.GroupBy(c => c.Command, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.OrdinalIgnoreCase);
        var server = after.Calls.ToDictionary(kv => kv.Key, kv => kv.Value - before.Calls.GetValueOrDefault(kv.Key), StringComparer.OrdinalIgnoreCase);
        foreach (var key in new[] { "info", "config|get", "client|setname", "client|setinfo", "ping" })
        {
            server.Remove(key);
        }

        foreach (var key in server.Where(kv => kv.Value == 0).Select(kv => kv.Key).ToList())
        {
            server.Remove(key);
        }

        return (result, new StoreCounts(
            client,
            server,
            after.Processed - before.Processed,
            after.UsedMemory - before.UsedMemory,
            Interlocked.Read(ref _submitRounds),
            Interlocked.Read(ref _partitionReads)));
    }

    /// <summary>INFO of the store (separate admin connection, not profiled).</summary>
    public async Task<(Dictionary<string, long> Calls, long? Processed, long? UsedMemory)> ServerInfoAsync()
    {
        var calls = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        long? processed = null;
        long? memory = null;
        var admin = _host.AdminConnection;
        if (admin is null)
        {
            return (calls, null, null);
        }

        var server = admin.GetServer(admin.GetEndPoints()[0]);
        try
        {
            foreach (var group in await server.InfoAsync("commandstats"))
            {
                foreach (var kv in group)
                {
                    // cmdstat_evalsha -> calls=12,usec=...
                    if (kv.Key.StartsWith("cmdstat_", StringComparison.Ordinal))
                    {
                        var calls0 = kv.Value.Split(',').FirstOrDefault(p => p.StartsWith("calls=", StringComparison.Ordinal));
                        if (calls0 is not null)
                        {
                            calls[kv.Key["cmdstat_".Length..]] = long.Parse(calls0["calls=".Length..], CultureInfo.InvariantCulture);
                        }
                    }
                }
            }
        }
        catch (RedisException)
        {
        }

        try
        {
            foreach (var group in await server.InfoAsync("stats"))
            {
                foreach (var kv in group)
                {
                    if (kv.Key == "total_commands_processed" && long.TryParse(kv.Value, CultureInfo.InvariantCulture, out var p))
                    {
                        processed = p;
                    }
                }
            }
        }
        catch (RedisException)
        {
        }

        if (_host.Store == StoreChoice.RedisServer)
        {
            foreach (var group in await server.InfoAsync("memory"))
            {
                foreach (var kv in group)
                {
                    if (kv.Key == "used_memory" && long.TryParse(kv.Value, CultureInfo.InvariantCulture, out var m))
                    {
                        memory = m;
                    }
                }
            }
        }

        return (calls, processed, memory);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _host.Multiplexer.RegisterProfiler(() => null);
    }
}
