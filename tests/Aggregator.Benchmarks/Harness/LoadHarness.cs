using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Aggregator.Benchmarks.Echo;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Registry;
using Aggregator.Testing.Synthetic;
using Google.Protobuf;
using Grpc.Core;

namespace Aggregator.Benchmarks.Harness;

/// <summary>
/// The load harness of issue 7: ingest against an echo baseline, store round trips and memory per
/// submission, rollup latency by node size and the deadline burst, on each store. Bounded in count
/// and in time (<see cref="HarnessOptions.PhaseTimeout"/> per phase); loopback only.
/// </summary>
public static class LoadHarness
{
    public static async Task<HarnessResult> RunAsync(HarnessOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new HarnessResult();
        var total = Stopwatch.StartNew();
        await using var echo = await EchoHost.StartAsync();
        foreach (var store in options.Stores)
        {
            var name = store == StoreChoice.Garnet ? "garnet" : "redis-server";
            if (options.Phases.Contains(HarnessPhase.Ingest))
            {
                await RunPhaseAsync(options, "ingest", name, ct => IngestAsync(options, store, name, echo, result, ct), result, cancellationToken);
            }

            if (options.CompareAudit && options.Phases.Contains(HarnessPhase.Ingest))
            {
                // Off, then on again: the process keeps its JIT-compiled code from phase to phase (on
                // embedded Garnet, tiering its code takes minutes of load), so the phase that runs
                // later is cheaper by that alone; compare "audit off" with the second "audit on".
                var off = options with { Audit = false };
                var offName = name + ", audit off";
                await RunPhaseAsync(off, "ingest", offName, ct => IngestAsync(off, store, offName, echo, result, ct), result, cancellationToken);
                var again = name + ", audit on again";
                await RunPhaseAsync(options, "ingest", again, ct => IngestAsync(options, store, again, echo, result, ct), result, cancellationToken);
            }

            if (options.Phases.Contains(HarnessPhase.Rollup))
            {
                await RunPhaseAsync(options, "rollup latency", name, ct => RollupLatencyAsync(options, store, name, result, ct), result, cancellationToken);
            }

            if (options.Phases.Contains(HarnessPhase.Burst))
            {
                await RunPhaseAsync(options, "deadline burst", name, ct => BurstAsync(options, store, name, result, ct), result, cancellationToken);
            }
        }

        result.Elapsed = total.Elapsed;
        return result;
    }

    private static async Task RunPhaseAsync(HarnessOptions options, string phase, string store, Func<CancellationToken, Task> run, HarnessResult result, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(options.PhaseTimeout);
        Log(options, $"[{store}] {phase}…");
        var sw = Stopwatch.StartNew();
        try
        {
            await run(cts.Token);
        }
        catch (Exception e) when (cts.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            result.Note($"{store}: the {phase} phase was stopped at its time bound ({options.PhaseTimeout.TotalSeconds:F0} s); its missing figures show as —.");
        }

        Log(options, $"[{store}] {phase} done in {sw.Elapsed.TotalSeconds:F1} s");
    }

    // ------------------------------------------------------------------ ingest vs echo

    private static async Task IngestAsync(HarnessOptions o, StoreChoice store, string name, EchoHost echo, HarnessResult result, CancellationToken ct)
    {
        var n = o.IngestReports;
        // Groups of n fresh units: warm-up (up to WarmupGroups), the measured rounds (streamed, unary), the profiled round.
        var warmGroups = o.WarmupGroups;
        var groups = warmGroups + (o.Rounds * 2) + (o.PerfDirectory is null ? 0 : 1);
        var cities = (int)Math.Ceiling((double)n * groups / o.IngestDistrictsPerCity);
        var registry = SyntheticRegistry.Generate(1, cities, o.IngestDistrictsPerCity);
        var districts = Workload.Districts(registry);
        var prep = Stopwatch.StartNew();
        var all = Workload.Create(districts.Take(n * groups).ToList(), o.Year, o.Seed, o.NarrativeLength);
        var group = Enumerable.Range(0, groups).Select(g => all.Requests.Skip(g * n).Take(n).ToList()).ToList();
        Log(o, $"  {all.Requests.Length} reports built in {prep.Elapsed.TotalSeconds:F1} s, mean SubmitRequest {all.MeanRequestBytes} B");

        var payload = ByteString.CopyFrom(RandomBytes(all.MeanRequestBytes));
        var echoRequests = Enumerable.Range(0, n).Select(_ => new EchoRequest { Payload = payload }).ToList();

        await using var host = await AggregatorHost.StartAsync(store, registry, o.Year, o.StatusGaugesOnBenchYear, o.Audit);
        using var probe = new StoreProbe(host);
        var submissions = new SubmissionService.SubmissionServiceClient(host.Channel);
        var echoClient = echo.Client;

        List<SubmitStreamRequest> Streamed(IEnumerable<SubmitRequest> requests) =>
            [.. requests.Select((r, i) => new SubmitStreamRequest { CorrelationId = i.ToString(CultureInfo.InvariantCulture), Submission = r })];

        Task<LoadResult> EchoStream(CancellationToken c) => Load.StreamAsync(o.Streams, echoRequests, t => echoClient.EchoStream(host.Call(t)), _ => (true, null), c);
        Task<LoadResult> EchoUnary(CancellationToken c) => Load.UnaryAsync(o.UnaryConcurrency, echoRequests, async (m, t) =>
        {
            await echoClient.EchoAsync(m, host.Call(t));
            return (true, (string?)null);
        }, c);
        Task<LoadResult> IngestStream(List<SubmitStreamRequest> m, CancellationToken c) => Load.StreamAsync(o.Streams, m, t => submissions.SubmitStream(host.Call(t)),
            r => r.Acknowledgement.Outcome == AckOutcome.Accepted && !r.Acknowledgement.Replayed
                ? (true, null)
                : (false, r.Acknowledgement.StatusCode + ": " + r.Acknowledgement.StatusMessage), c);
        Task<LoadResult> IngestUnary(List<SubmitRequest> m, CancellationToken c) => Load.UnaryAsync(o.UnaryConcurrency, m, async (r, t) =>
        {
            var response = await submissions.SubmitAsync(r, host.Call(t));
            return (response.Acknowledgement.Outcome == AckOutcome.Accepted && !response.Acknowledgement.Replayed, (string?)null);
        }, c);

        // Warm-up: JIT, connections, Lua script cache, on both services (not measured). Long enough for
        // tiered compilation to settle (tier 0 → instrumented → tier 1 takes a few thousand calls of each
        // hot method, and embedded Garnet brings a lot of code): warm-up groups run until the JIT's share
        // of the CPU of one falls under 5 % (or WarmupGroups are used), so the rounds measure the steady state.
        var warmed = 0;
        for (; warmed < warmGroups; warmed++)
        {
            var warm = group[warmed];
            var cpuBefore = host.ProcessorTime;
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            await EchoStream(ct);
            await EchoUnary(ct);
            await IngestStream(Streamed(warm.Take(warm.Count / 2)), ct);
            await IngestUnary(warm.Skip(warm.Count / 2).ToList(), ct);
            await EchoStream(ct);
            await EchoUnary(ct);
            var jitShare = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore) / (host.ProcessorTime - cpuBefore);
            Log(o, $"  warm-up {warmed + 1}: JIT {jitShare:P1} of the CPU");
            if (jitShare < 0.05)
            {
                warmed++;
                break;
            }
        }

        result.Add(new Figure(name, "warm-up groups before the measured rounds", warmed, "", "", null,
            $"groups of {n} fresh units, until the JIT used under 5 % of a group's CPU (at most {warmGroups})"));
        group = group.Skip(warmGroups).ToList();

        // CPU per message (this process + redis-server) next to the rates: other load on the machine
        // slows the rates of a round but hardly changes what a message costs.
        var cpu = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        async Task<LoadResult> Measured(string what, Func<Task<LoadResult>> run)
        {
            var before = host.ProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            var r = await run();
            var used = host.ProcessorTime - before;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var jit = System.Runtime.JitInfo.GetCompilationTime() - jitBefore;
            if (r.Accepted > 0)
            {
                (cpu.TryGetValue(what, out var list) ? list : cpu[what] = []).Add(used.TotalMicroseconds / r.Accepted);
                (cpu.TryGetValue(what + " alloc", out var alloc) ? alloc : cpu[what + " alloc"] = []).Add((double)allocated / r.Accepted);
                (cpu.TryGetValue(what + " jit", out var jits) ? jits : cpu[what + " jit"] = []).Add(jit.TotalMicroseconds / r.Accepted);
            }

            return r;
        }

        var echoStreamRates = new List<double>();
        var echoUnaryRates = new List<double>();
        var ingestStreamRates = new List<double>();
        var ingestUnaryRates = new List<double>();
        var counts = new List<(string Mode, int Accepted, StoreCounts Counts)>();
        for (var r = 0; r < o.Rounds; r++)
        {
            var e = await Measured("echo stream", () => EchoStream(ct));
            echoStreamRates.Add(e.Rate);
            result.Add(new LoadCheck(name, $"echo stream round {r + 1}", e.Sent, e.Answered, e.Accepted, e.FirstError));
            var messages = Streamed(group[r]);
            var (i, c) = await probe.MeasureAsync(() => Measured("ingest stream", () => IngestStream(messages, ct)));
            ingestStreamRates.Add(i.Rate);
            counts.Add(("stream", i.Accepted, c));
            result.Add(new LoadCheck(name, $"ingest stream round {r + 1}", i.Sent, i.Answered, i.Accepted, i.FirstError));
            Log(o, $"  round {r + 1} streamed: echo {e.Rate:F0}/s, ingest {i.Rate:F0}/s ({i.Accepted}/{i.Sent} accepted, {c.SubmitRounds} batches)");
        }

        if (o.PerfDirectory is { } perfDir)
        {
            // One more streamed round, under perf (not among the measured rounds).
            var messages = Streamed(group[^1]);
            var before = host.ProcessorTime;
            await using (await PerfRecording.StartAsync(perfDir, name, [Environment.ProcessId, .. host.StoreServerProcessId is { } pid ? new[] { pid } : []]))
            {
                var profiled = await IngestStream(messages, ct);
                result.Add(new LoadCheck(name, "ingest stream, profiled round", profiled.Sent, profiled.Answered, profiled.Accepted, profiled.FirstError));
                var per = (host.ProcessorTime - before).TotalMicroseconds / Math.Max(1, profiled.Accepted);
                await File.WriteAllTextAsync(Path.Combine(perfDir, PerfRecording.FileName(name) + ".cpu"), per.ToString("F1", CultureInfo.InvariantCulture), ct);
                Log(o, $"  profiled streamed round: {profiled.Rate:F0}/s, {per:F1} µs CPU per submission (perf running)");
            }
        }

        for (var r = 0; r < o.Rounds; r++)
        {
            var e = await Measured("echo unary", () => EchoUnary(ct));
            echoUnaryRates.Add(e.Rate);
            result.Add(new LoadCheck(name, $"echo unary round {r + 1}", e.Sent, e.Answered, e.Accepted, e.FirstError));
            var messages = group[o.Rounds + r];
            var (i, c) = await probe.MeasureAsync(() => Measured("ingest unary", () => IngestUnary(messages, ct)));
            ingestUnaryRates.Add(i.Rate);
            counts.Add(("unary", i.Accepted, c));
            result.Add(new LoadCheck(name, $"ingest unary round {r + 1}", i.Sent, i.Answered, i.Accepted, i.FirstError));
            Log(o, $"  round {r + 1} unary: echo {e.Rate:F0}/s, ingest {i.Rate:F0}/s ({i.Accepted}/{i.Sent} accepted, {c.SubmitRounds} batches)");
        }

        var echoS = Percentiles.Median(echoStreamRates);
        var ingS = Percentiles.Median(ingestStreamRates);
        var echoU = Percentiles.Median(echoUnaryRates);
        var ingU = Percentiles.Median(ingestUnaryRates);
        var rounds = string.Join(" / ", ingestStreamRates.Select(HarnessResult.Format));
        result.Add(new Figure(name, "SubmitRequest size (mean, echo payload)", all.MeanRequestBytes, "B", "", null, "synthetic complete report, every section"));
        result.Add(new Figure(name, $"echo streamed (K={o.Streams})", echoS, "msg/s", "", null, "median of rounds: " + string.Join(" / ", echoStreamRates.Select(HarnessResult.Format))));
        result.Add(new Figure(name, $"ingest streamed (K={o.Streams})", ingS, "msg/s", "", null, "median of rounds: " + rounds));
        result.Add(new Figure(name, "ingest / echo, streamed", ingS / echoS, "", "≥ 0.30", ingS / echoS >= 0.3, "ratio of medians (target of issue 16; issue 7 asked 0.5)"));
        result.Add(new Figure(name, $"echo unary (concurrency {o.UnaryConcurrency})", echoU, "msg/s", "", null, "median of rounds: " + string.Join(" / ", echoUnaryRates.Select(HarnessResult.Format))));
        result.Add(new Figure(name, $"ingest unary (concurrency {o.UnaryConcurrency})", ingU, "msg/s", "", null, "median of rounds: " + string.Join(" / ", ingestUnaryRates.Select(HarnessResult.Format))));
        result.Add(new Figure(name, "ingest / echo, unary", ingU / echoU, "", "≥ 0.50", ingU / echoU >= 0.5, "ratio of medians"));

        foreach (var mode in new[] { "stream", "unary" })
        {
            var echoCpu = Percentiles.Median(cpu["echo " + mode]);
            var ingestCpu = Percentiles.Median(cpu["ingest " + mode]);
            result.Add(new Figure(name, $"CPU per message, echo {mode}", echoCpu, "µs", "", null,
                "process + store CPU time / messages, median of rounds: " + string.Join(" / ", cpu["echo " + mode].Select(HarnessResult.Format))));
            var cpuTarget = mode == "stream" ? (store == StoreChoice.Garnet ? 150 : 60) : double.NaN;
            result.Add(new Figure(name, $"CPU per accepted submission, ingest {mode}", ingestCpu, "µs", double.IsNaN(cpuTarget) ? "" : $"≤ {cpuTarget} µs",
                double.IsNaN(cpuTarget) ? null : ingestCpu <= cpuTarget,
                "median of rounds: " + string.Join(" / ", cpu["ingest " + mode].Select(HarnessResult.Format))));
            result.Add(new Figure(name, $"of which JIT compilation, ingest {mode}", Percentiles.Median(cpu["ingest " + mode + " jit"]), "µs", "", null,
                "JitInfo.GetCompilationTime per accepted submission (tiering still compiling during the round), median of rounds: "
                + string.Join(" / ", cpu["ingest " + mode + " jit"].Select(HarnessResult.Format))));
            result.Add(new Figure(name, $"echo CPU / ingest CPU per message, {mode}", echoCpu / ingestCpu, "", "", null,
                "the ingest/echo ratio the 2 cores would allow if both were CPU-bound"));
            result.Add(new Figure(name, $"managed bytes allocated per message, echo / ingest {mode}", Percentiles.Median(cpu["ingest " + mode + " alloc"]), "B", "", null,
                $"echo {HarnessResult.Format(Percentiles.Median(cpu["echo " + mode + " alloc"]))} B; client and server, this process (GC.GetTotalAllocatedBytes)"));
        }

        foreach (var mode in new[] { "stream", "unary" })
        {
            var cs = counts.Where(c => c.Mode == mode).ToList();
            var accepted = (double)cs.Sum(c => c.Accepted);
            var clientTotal = cs.Sum(c => c.Counts.ClientTotal);
            var clientScripts = cs.Sum(c => c.Counts.ClientScripts);
            var batches = cs.Sum(c => c.Counts.SubmitRounds);
            var breakdown = cs.SelectMany(c => c.Counts.ClientCommands).GroupBy(kv => kv.Key.ToUpperInvariant())
                .OrderByDescending(g => g.Sum(kv => kv.Value)).Select(g => $"{g.Key} {g.Sum(kv => kv.Value) / accepted:F2}");
            var commit = store == StoreChoice.Garnet ? $"; + {batches / accepted:F3} COMMITAOF on the commit connection (not profiled)" : "";
            result.Add(new Figure(name, $"store commands per accepted submission ({mode}, client-side)", clientTotal / accepted, "", "≤ 1", clientTotal / accepted <= 1,
                string.Join(", ", breakdown) + commit));
            result.Add(new Figure(name, $"script calls per accepted submission ({mode}, client-side)", clientScripts / accepted, "", "", null,
                $"{batches} write batches, mean {accepted / Math.Max(1, batches):F1} submissions per batch"));
            if (store == StoreChoice.RedisServer)
            {
                var serverScripts = cs.Sum(c => c.Counts.ServerScripts);
                var serverAll = cs.SelectMany(c => c.Counts.ServerCalls).GroupBy(kv => kv.Key).OrderByDescending(g => g.Sum(kv => kv.Value))
                    .Select(g => $"{g.Key} {g.Sum(kv => kv.Value) / accepted:F2}");
                var processed = cs.Sum(c => c.Counts.ServerCommandsProcessed ?? 0);
                result.Add(new Figure(name, $"INFO commandstats: eval/evalsha calls per accepted ({mode})", serverScripts / accepted, "", "", null,
                    "all calls incl. commands run inside scripts: " + string.Join(", ", serverAll)));
                result.Add(new Figure(name, $"INFO total_commands_processed per accepted ({mode})", processed / accepted, "", "", null, "server-side, minus nothing (INFO of the probe itself is ~2 per window)"));
            }
            else if (cs.All(c => c.Counts.ServerCommandsProcessed is > 0))
            {
                var processed = cs.Sum(c => c.Counts.ServerCommandsProcessed ?? 0);
                result.Add(new Figure(name, $"Garnet INFO total_commands_processed per accepted ({mode})", processed / accepted, "", "", null, "server-side, includes COMMITAOF (commandstats are empty on Garnet)"));
            }
        }

        await FloorAsync(o, name, host, group[0], counts.Where(c => c.Mode == "stream").ToList(), Percentiles.Median(cpu["ingest stream"]), Percentiles.Median(cpu["echo stream"]), result, ct);

        if (store == StoreChoice.RedisServer)
        {
            var perUnit = counts.Where(c => c.Counts.UsedMemoryDelta is not null && c.Accepted > 0)
                .Select(c => (double)c.Counts.UsedMemoryDelta!.Value / c.Accepted).ToList();
            var median = Percentiles.Median(perUnit);
            result.Add(new Figure(name, "Redis memory per district-year", median, "B", "≤ 4096 B", median <= 4096,
                "INFO used_memory delta / accepted, median of rounds: " + string.Join(" / ", perUnit.Select(HarnessResult.Format))));
        }
    }

    /// <summary>
    /// The floor (issue 16), in the same run and process as the ingest rounds, on the same reports and
    /// store: each essential stage alone, their sum, and the full streamed path against it.
    /// </summary>
    private static async Task FloorAsync(HarnessOptions o, string name, AggregatorHost host, List<SubmitRequest> reports,
        List<(string Mode, int Accepted, StoreCounts Counts)> streamed, double fullPath, double echo, HarnessResult result, CancellationToken ct)
    {
        var accepted = streamed.Sum(c => c.Accepted);
        var batches = streamed.Sum(c => c.Counts.SubmitRounds);
        var batch = Math.Max(1, (int)Math.Round((double)accepted / Math.Max(1, batches)));
        var stages = await Floor.MeasureAsync(host, reports, batch, o.IngestDistrictsPerCity, o.Audit, rounds: 3, o.FloorRound, ct);
        var sum = 0.0;
        foreach (var s in stages)
        {
            var counted = !s.Name.StartsWith('(');
            sum += counted ? s.Micros : 0;
            var split = s.StoreServerMicros > 0 ? $"; this process {HarnessResult.Format(s.ProcessMicros)} µs + redis-server {HarnessResult.Format(s.StoreServerMicros)} µs" : "";
            result.Add(new Figure(name, "floor: " + s.Name, s.Micros, "µs", "", null, s.Detail + split));
            Log(o, $"  floor: {s.Name}: {s.Micros:F1} µs{split}");
        }

        result.Add(new Figure(name, "floor: sum of the stages", sum, "µs", "", null, $"{reports.Count} reports × 3 rounds per stage (median), CPU of this process + redis-server"));
        result.Add(new Figure(name, "floor + gRPC transport (echo CPU per streamed message)", sum + echo, "µs", "", null, $"echo of the same bytes costs {HarnessResult.Format(echo)} µs"));
        var ratio = fullPath / sum;
        result.Add(new Figure(name, "full streamed path / floor (CPU per accepted submission)", ratio, "", "≤ 1.5", ratio <= 1.5,
            $"{HarnessResult.Format(fullPath)} µs vs {HarnessResult.Format(sum)} µs; against floor + transport: {fullPath / (sum + echo):F2}"));
        Log(o, $"  floor {sum:F1} µs (+ echo transport {echo:F1} µs), full streamed path {fullPath:F1} µs: ×{ratio:F2}");
    }

    // ------------------------------------------------------------------ rollup latency

    private static async Task RollupLatencyAsync(HarnessOptions o, StoreChoice store, string name, HarnessResult result, CancellationToken ct)
    {
        var registry = Workload.CitiesOfSizes("lat", o.RollupSizes);
        var work = Workload.Create(Workload.Districts(registry), o.Year, o.Seed + 1, o.NarrativeLength);
        await using var host = await AggregatorHost.StartAsync(store, registry, o.Year, o.StatusGaugesOnBenchYear);
        var submissions = new SubmissionService.SubmissionServiceClient(host.Channel);
        var queries = new QueryService.QueryServiceClient(host.Channel);
        var messages = work.Requests.Select((r, i) => new SubmitStreamRequest { CorrelationId = i.ToString(CultureInfo.InvariantCulture), Submission = r }).ToList();
        var load = await Load.StreamAsync(o.Streams, messages, t => submissions.SubmitStream(host.Call(t)),
            r => r.Acknowledgement.Outcome == AckOutcome.Accepted ? (true, null) : (false, r.Acknowledgement.StatusMessage), ct);
        result.Add(new LoadCheck(name, "rollup phase submissions", load.Sent, load.Answered, load.Accepted, load.FirstError));

        // Warm each size once (its digest is computed and cached by this first call), then time the
        // sizes interleaved call by call, so machine noise (shared cores) hits every size alike.
        var requests = o.RollupSizes.ToDictionary(size => size, size => new GetRollupRequest
        {
            UnitId = "lat-n" + size.ToString(CultureInfo.InvariantCulture),
            Year = o.Year,
            UnitListing = UnitListing.None,
        });
        var firstMs = new Dictionary<int, double>();
        var correct = new Dictionary<int, bool>();
        foreach (var size in o.RollupSizes)
        {
            var first = Stopwatch.StartNew();
            var warm = await queries.GetRollupAsync(requests[size], host.Call(ct));
            firstMs[size] = first.Elapsed.TotalMilliseconds;
            correct[size] = Matches(warm.Rollup, work.ByCity[requests[size].UnitId]);
            if (!correct[size])
            {
                result.Note($"{name}: the rollup of {requests[size].UnitId} does not equal the sum of the reports submitted.");
            }
        }

        // The same call over HTTP/JSON (JSON transcoding on the web endpoint, HTTP/1.1 keep-alive),
        // interleaved with the gRPC calls so both see the same machine.
        using var http = new HttpClient { BaseAddress = new Uri(host.WebAddress) };
        http.DefaultRequestHeaders.Authorization = System.Net.Http.Headers.AuthenticationHeaderValue.Parse(host.Headers.GetValue("authorization")!);
        var httpPaths = o.RollupSizes.ToDictionary(size => size, size =>
            new Uri($"/v1/units/{requests[size].UnitId}/years/{o.Year}/rollup?unitListing=UNIT_LISTING_NONE", UriKind.Relative));
        var httpBytes = new Dictionary<int, int>();
        foreach (var size in o.RollupSizes)
        {
            var body = await http.GetByteArrayAsync(httpPaths[size], ct);
            httpBytes[size] = body.Length;
            var overJson = Google.Protobuf.JsonParser.Default.Parse<GetRollupResponse>(System.Text.Encoding.UTF8.GetString(body));
            if (!Matches(overJson.Rollup, work.ByCity[requests[size].UnitId]))
            {
                result.Note($"{name}: the HTTP/JSON rollup of {requests[size].UnitId} does not equal the sum of the reports submitted.");
            }
        }

        // Warm-up (not measured), as for ingest: groups of calls until the JIT used under 5 % of a group's
        // CPU, so the percentiles are those of a server that has been answering for a while.
        var rollupWarmups = 0;
        for (; rollupWarmups < 5; rollupWarmups++)
        {
            var cpuBefore = host.ProcessorTime;
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            for (var i = 0; i < Math.Max(o.RollupCalls / 10, 1); i++)
            {
                foreach (var size in o.RollupSizes)
                {
                    await queries.GetRollupAsync(requests[size], host.Call(ct));
                    await http.GetByteArrayAsync(httpPaths[size], ct);
                }
            }

            var jitShare = (System.Runtime.JitInfo.GetCompilationTime() - jitBefore) / (host.ProcessorTime - cpuBefore);
            Log(o, $"  rollup warm-up {rollupWarmups + 1}: JIT {jitShare:P1} of the CPU");
            if (jitShare < 0.05)
            {
                rollupWarmups++;
                break;
            }
        }

        var latencies = o.RollupSizes.ToDictionary(size => size, _ => new List<double>(o.RollupCalls));
        var httpLatencies = o.RollupSizes.ToDictionary(size => size, _ => new List<double>(o.RollupCalls));
        // Which calls a garbage collection ran during (client and server share this process): the tail's cause.
        var withoutGc = o.RollupSizes.ToDictionary(size => size, _ => new List<double>(o.RollupCalls));
        var gcCalls = 0;
        var allocated = 0L;
        var pause0 = GC.GetTotalPauseDuration();
        var (gen0, gen1, gen2) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        for (var i = 0; i < o.RollupCalls; i++)
        {
            foreach (var size in o.RollupSizes)
            {
                var collections = GC.CollectionCount(0);
                var bytes = GC.GetTotalAllocatedBytes();
                var start = Stopwatch.GetTimestamp();
                await queries.GetRollupAsync(requests[size], host.Call(ct));
                var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                allocated += GC.GetTotalAllocatedBytes() - bytes;
                latencies[size].Add(ms);
                if (GC.CollectionCount(0) == collections)
                {
                    withoutGc[size].Add(ms);
                }
                else
                {
                    gcCalls++;
                }

                start = Stopwatch.GetTimestamp();
                await http.GetByteArrayAsync(httpPaths[size], ct);
                httpLatencies[size].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        foreach (var size in o.RollupSizes)
        {
            var sorted = httpLatencies[size];
            sorted.Sort();
            result.Add(new Figure(name, $"HTTP/JSON GetRollup p50, {size} units (NONE)", Percentiles.Of(sorted, 50), "ms", "", null,
                $"GET /v1/…/rollup, {sorted.Count} calls interleaved with the gRPC ones; {httpBytes[size]} B of JSON"));
            result.Add(new Figure(name, $"HTTP/JSON GetRollup p99, {size} units (NONE)", Percentiles.Of(sorted, 99), "ms", "", null,
                $"gRPC p50 {Percentiles.Of(latencies[size].Order().ToList(), 50):F2} ms in the same run"));
            Log(o, $"  {size} units over HTTP/JSON: p50 {Percentiles.Of(sorted, 50):F2} ms, p99 {Percentiles.Of(sorted, 99):F2} ms, {httpBytes[size]} B");
        }

        var calls = o.RollupCalls * o.RollupSizes.Count;
        var pauses = (GC.GetTotalPauseDuration() - pause0).TotalMilliseconds;
        var noGcP99 = o.RollupSizes.Max(size => Percentiles.Of([.. withoutGc[size].Order()], 99));
        result.Add(new Figure(name, "GetRollup calls during which a GC ran", 100.0 * gcCalls / calls, "%", "", null,
            $"{gcCalls} of {calls} gRPC calls; GCs over the loop (gRPC and HTTP calls): gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, pauses {pauses:F0} ms in all; {allocated / calls:N0} B allocated per gRPC call (client and server)"));
        result.Add(new Figure(name, "GetRollup p99 of the calls no GC ran during (largest over the sizes)", noGcP99, "ms", "", null,
            $"what the tail is without the collections; after {rollupWarmups} warm-up groups of {Math.Max(o.RollupCalls / 10, 1)} calls per size (until the JIT used under 5 % of a group's CPU)"));
        Log(o, $"  GC during {gcCalls} of {calls} calls; p99 without: {noGcP99:F2} ms; {allocated / calls:N0} B per call; pauses {pauses:F0} ms");

        var p99s = new Dictionary<int, double>();
        foreach (var size in o.RollupSizes)
        {
            var sorted = latencies[size];
            sorted.Sort();
            var p50 = Percentiles.Of(sorted, 50);
            var p99 = Percentiles.Of(sorted, 99);
            p99s[size] = p99;
            result.Add(new Figure(name, $"GetRollup p50, {size} units (NONE)", p50, "ms", "", null, $"{sorted.Count} sequential calls, sizes interleaved"));
            result.Add(new Figure(name, $"GetRollup p99, {size} units (NONE)", p99, "ms", "< 2 ms", p99 < 2,
                $"first call after the writes (digest computed) {firstMs[size]:F1} ms; rollup {(correct[size] ? "correct" : "WRONG")}"));
            Log(o, $"  {size} units: p50 {p50:F2} ms, p99 {p99:F2} ms, first {firstMs[size]:F1} ms, {(correct[size] ? "correct" : "WRONG")}");
        }

        var smallest = o.RollupSizes.Min();
        var largest = o.RollupSizes.Max();
        var ratio = p99s[largest] / p99s[smallest];
        result.Add(new Figure(name, $"p99({largest}) / p99({smallest})", ratio, "", "≤ 1.5", ratio <= 1.5, "UNIT_LISTING_NONE"));

        var full = new GetRollupRequest { UnitId = "lat-n" + largest.ToString(CultureInfo.InvariantCulture), Year = o.Year, UnitListing = UnitListing.Full };
        await queries.GetRollupAsync(full, host.Call(ct));
        var fullLatencies = await TimeAsync(o.RollupFullCalls, () => queries.GetRollupAsync(full, host.Call(ct)).ResponseAsync);
        result.Add(new Figure(name, $"GetRollup p50, {largest} units (FULL listing)", Percentiles.Of(fullLatencies, 50), "ms", "", null, $"{fullLatencies.Count} sequential calls"));
        result.Add(new Figure(name, $"GetRollup p99, {largest} units (FULL listing)", Percentiles.Of(fullLatencies, 99), "ms", "", null, "every unit listed (not a target)"));
    }

    private static async Task<List<double>> TimeAsync<T>(int calls, Func<Task<T>> call)
    {
        var latencies = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await call();
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        latencies.Sort();
        return latencies;
    }

    // ------------------------------------------------------------------ deadline burst

    private static async Task BurstAsync(HarnessOptions o, StoreChoice store, string name, HarnessResult result, CancellationToken ct)
    {
        var (provinces, cities, districts) = o.Burst;
        var registry = SyntheticRegistry.Generate(provinces, cities, districts);
        var prep = Stopwatch.StartNew();
        var work = Workload.Create(Workload.Districts(registry), o.Year, o.Seed + 2, o.NarrativeLength);
        var expected = new Dictionary<string, RollupAccumulator>(work.ByCity, StringComparer.Ordinal);
        foreach (var province in registry)
        {
            var acc = new RollupAccumulator();
            foreach (var city in province.Children)
            {
                acc.Add(work.ByCity[city.Id]);
            }

            expected[province.Id] = acc;
        }

        Log(o, $"  {work.Requests.Length} burst reports built in {prep.Elapsed.TotalSeconds:F1} s");
        var messages = work.Requests.Select((r, i) => new SubmitStreamRequest { CorrelationId = i.ToString(CultureInfo.InvariantCulture), Submission = r }).ToList();
        await using var host = await AggregatorHost.StartAsync(store, registry, o.Year, o.StatusGaugesOnBenchYear);
        var submissions = new SubmissionService.SubmissionServiceClient(host.Channel);
        var queries = new QueryService.QueryServiceClient(host.Channel);

        // The city and province offices watch their rollups live during the burst (WatchRollup, as a
        // dashboard does at the deadline): the clock stops when every watcher has been sent the
        // rollup that equals the sum of every report of its area.
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var clock = new Stopwatch();
        var liveAt = new ConcurrentDictionary<string, TimeSpan>(StringComparer.Ordinal);
        var updates = 0;
        var opened = 0;
        var watchers = expected.Keys.Select(node => Task.Run(async () =>
        {
            using var call = queries.WatchRollup(new WatchRollupRequest { UnitId = node, Year = o.Year, UnitListing = UnitListing.None }, host.Call(watching.Token));
            var first = true;
            await foreach (var update in call.ResponseStream.ReadAllAsync(watching.Token))
            {
                if (first)
                {
                    Interlocked.Increment(ref opened);
                    first = false;
                }

                Interlocked.Increment(ref updates);
                if (clock.IsRunning && Matches(update.Rollup, expected[node]))
                {
                    liveAt.TryAdd(node, clock.Elapsed);
                    return;
                }
            }
        }, ct)).ToArray();
        while (Volatile.Read(ref opened) < watchers.Length)
        {
            await Task.Delay(10, ct);
        }

        clock.Start();
        var load = await Load.StreamAsync(o.Streams, messages, t => submissions.SubmitStream(host.Call(t)),
            r => r.Acknowledgement.Outcome == AckOutcome.Accepted ? (true, null) : (false, r.Acknowledgement.StatusMessage), ct);
        var submitted = clock.Elapsed;
        result.Add(new LoadCheck(name, "deadline burst submissions", load.Sent, load.Answered, load.Accepted, load.FirstError));
        Log(o, $"  burst: {load.Accepted}/{load.Sent} accepted in {submitted.TotalSeconds:F1} s ({load.Rate:F0}/s)");
        await Task.WhenAll(watchers);
        var allLive = liveAt.Values.Max();
        Log(o, $"  burst: every watched rollup correct and live after {allLive.TotalSeconds:F1} s ({updates} watch updates)");

        // Then every city and province is read once more with GetRollup and must equal its expected sum.
        var wrong = 0;
        foreach (var node in expected.Keys)
        {
            var rollup = (await queries.GetRollupAsync(new GetRollupRequest { UnitId = node, Year = o.Year, UnitListing = UnitListing.None }, host.Call(ct))).Rollup;
            wrong += Matches(rollup, expected[node]) ? 0 : 1;
        }

        result.Add(new LoadCheck(name, "deadline burst rollups read after", expected.Count, expected.Count, expected.Count - wrong, wrong == 0 ? null : $"{wrong} rollups differ from the sum of the reports sent"));
        result.Add(new Figure(name, $"deadline burst: {load.Sent:N0} units submitted", submitted.TotalSeconds, "s", "", null,
            $"{load.Rate:F0} accepted/s over K={o.Streams} streams, {expected.Count} WatchRollup streams open"));
        result.Add(new Figure(name, $"deadline burst: all {expected.Count} city/province rollups correct and live", allLive.TotalSeconds, "s", "< 5 s", allLive.TotalSeconds < 5 && wrong == 0,
            $"first submission to the last watcher sent its correct rollup; {updates} watch updates; after the last submission {(allLive - submitted).TotalSeconds:F1} s"));
    }

    /// <summary>True when the rollup's figures and contributing count equal the expected sum.</summary>
    internal static bool Matches(Rollup rollup, RollupAccumulator expected)
    {
        if (rollup.ContributingUnits != expected.Units)
        {
            return false;
        }

        var mapped = ReportMapper.ToDomain(rollup.Total);
        return mapped.Report is { } report && report.Figures.Equals(expected.ToFigures());
    }

    private static byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        new Random(1).NextBytes(bytes);
        return bytes;
    }

    private static void Log(HarnessOptions options, string line) =>
        options.Log?.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{DateTime.Now:HH:mm:ss} {line}"));
}
