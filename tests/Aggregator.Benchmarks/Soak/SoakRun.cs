using System.Diagnostics;
using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Registry;
using Aggregator.Security;
using Aggregator.Testing;
using Aggregator.Testing.Synthetic;
using Grpc.Core;

namespace Aggregator.Benchmarks.Soak;

/// <summary>
/// One soak on one store: districts stream their submissions, city offices watch their rollups, and a
/// fault is injected every <see cref="SoakOptions.FaultEverySeconds"/>; then every pending submission
/// is resent until answered and the store is checked against what the clients were told
/// (<see cref="SoakVerification"/>).
/// </summary>
internal static class SoakRun
{
    public static async Task<SoakResult> RunAsync(SoakStore store, SoakOptions o)
    {
        var roots = SyntheticRegistry.Generate(1, o.Cities, o.DistrictsPerCity);
        var registryDir = Directory.CreateTempSubdirectory("agg-soak-registry-").FullName;
        var registryPath = Path.Combine(registryDir, "registry.yaml");
        await File.WriteAllTextAsync(registryPath, SyntheticRegistry.ToYaml(roots));
        var province = roots[0];
        var cities = province.Children.Select(c => (Id: c.Id, Districts: c.Children.Select(d => d.Id).ToList())).ToList();

        await using var redis = store == SoakStore.Redis ? new RedisServerProcess() : null;
        if (redis is not null)
        {
            await redis.StartAsync();
        }

        await using var servers = await SoakServers.StartAsync(store == SoakStore.Redis ? 2 : 1, redis?.ConnectionString, registryPath);
        var result = new SoakResult(store, o);
        var districts = cities.SelectMany(c => c.Districts).Select((d, i) => new DistrictClient(d, i, o, servers)).ToList();
        o.Log.WriteLine($"[{store}] {servers.All.Count} server process(es), {districts.Count} districts streaming in {cities.Count} cities, {o.Minutes} min, a fault every {o.FaultEverySeconds} s");

        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var streaming = districts.Select(d => Task.Run(() => d.RunAsync(stop.Token))).ToList();
        var watchers = cities.Select((c, i) => Task.Run(() => WatchAsync(servers, c.Id, i, o.Year, result, stop.Token))).ToList();
        var sampler = Task.Run(() => SampleAsync(servers, redis, clock, result, o, stop.Token));
        var faults = Task.Run(() => InjectFaultsAsync(store, servers, redis, clock, result, o, stop.Token));

        var duration = TimeSpan.FromMinutes(o.Minutes);
        while (clock.Elapsed < duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, Math.Max(0.1, (duration - clock.Elapsed).TotalSeconds))));
            o.Log.WriteLine($"[{store}] {clock.Elapsed:mm\\:ss} sent {districts.Sum(d => d.Sent.Count)}, acknowledged {districts.Sum(d => d.Acknowledged.Count)}, faults {result.Faults.Count}, watch updates {result.WatchUpdates}");
        }

        await stop.CancelAsync();
        await faults; // a fault in progress ends with everything running again
        await Task.WhenAll(streaming);
        await Task.WhenAll(watchers);
        await sampler;
        result.StreamedFor = clock.Elapsed;

        // Every submission sent and not answered is resent (same key) until answered.
        var pending = districts.Sum(d => d.Pending().Count);
        await Task.WhenAll(districts.Select(d => d.DrainAsync(TimeSpan.FromMinutes(3))));
        o.Log.WriteLine($"[{store}] streams stopped with {pending} submissions unacknowledged; resent them with unary Submit");

        result.Districts = districts;
        await SoakVerification.CheckAsync(servers, province.Id, cities, o.Year, districts, result);
        result.Elapsed = clock.Elapsed;
        ChildProcess.DeleteDirectory(registryDir);
        return result;
    }

    private static async Task WatchAsync(SoakServers servers, string city, int index, int year, SoakResult result, CancellationToken stop)
    {
        var attempt = index;
        while (!stop.IsCancellationRequested)
        {
            var server = servers.Pick(attempt++);
            try
            {
                using var call = server.Queries.WatchRollup(
                    new WatchRollupRequest { UnitId = city, Year = year, UnitListing = UnitListing.None },
                    new CallOptions(servers.Headers(city, Roles.City), cancellationToken: stop));
                await foreach (var _ in call.ResponseStream.ReadAllAsync(stop))
                {
                    Interlocked.Increment(ref result.WatchUpdates);
                }
            }
            catch (Exception e) when (e is RpcException or IOException or OperationCanceledException or InvalidOperationException)
            {
            }

            if (!stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref result.WatchReconnects);
                try
                {
                    await Task.Delay(1000, stop);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    private static async Task SampleAsync(SoakServers servers, RedisServerProcess? redis, Stopwatch clock, SoakResult result, SoakOptions o, CancellationToken stop)
    {
        var every = TimeSpan.FromSeconds(Math.Min(10, Math.Max(1, o.Minutes * 60 / 30)));
        while (!stop.IsCancellationRequested)
        {
            var servers_ = servers.All.Select(s => s.Process.IsRunning ? Safe(() => s.Process.WorkingSet) : (long?)null).ToList();
            long? redisRss = redis is { Pid: > 0 } r ? ProcessRss(r.Pid) : null;
            lock (result.Memory)
            {
                result.Memory.Add(new MemorySample(clock.Elapsed, servers_, redisRss));
            }

            try
            {
                await Task.Delay(every, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static long? Safe(Func<long> f)
    {
        try
        {
            return f();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>VmRSS of a process from /proc (bytes), or null.</summary>
    private static long? ProcessRss(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static async Task InjectFaultsAsync(SoakStore store, SoakServers servers, RedisServerProcess? redis, Stopwatch clock, SoakResult result, SoakOptions o, CancellationToken stop)
    {
        FaultKind[] kinds = store == SoakStore.Redis
            ? [FaultKind.ServerKill, FaultKind.RedisKill, FaultKind.RedisStall, FaultKind.ReplicaKill]
            : [FaultKind.ServerKill];
        var every = TimeSpan.FromSeconds(o.FaultEverySeconds);
        for (var n = 0; ; n++)
        {
            var at = every * (n + 1);
            if (at >= TimeSpan.FromMinutes(o.Minutes))
            {
                return;
            }

            try
            {
                await Task.Delay(at - clock.Elapsed > TimeSpan.Zero ? at - clock.Elapsed : TimeSpan.Zero, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var kind = kinds[n % kinds.Length];
            var started = clock.Elapsed;
            string detail;
            switch (kind)
            {
                case FaultKind.ServerKill:
                    foreach (var s in servers.All)
                    {
                        await s.Process.KillAsync();
                    }

                    await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
                    var restart = Stopwatch.StartNew();
                    foreach (var s in servers.All)
                    {
                        await s.Process.StartAsync();
                    }

                    detail = $"every server killed; restarted in {restart.Elapsed.TotalSeconds:0.0} s";
                    break;
                case FaultKind.ReplicaKill:
                    var victim = servers.All[(n / kinds.Length) % servers.All.Count];
                    await victim.Process.KillAsync();
                    await Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None);
                    await victim.Process.StartAsync();
                    detail = $"{victim.Name} killed while the other served; back after 5 s";
                    break;
                case FaultKind.RedisKill:
                    await redis!.StopAsync();
                    await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken.None);
                    await redis.StartAsync();
                    detail = "redis-server killed; restarted on its AOF after 3 s";
                    break;
                case FaultKind.RedisStall:
                    await redis!.PauseAsync();
                    await Task.Delay(TimeSpan.FromSeconds(o.StallSeconds), CancellationToken.None);
                    await redis.ResumeAsync();
                    detail = $"redis-server stopped (SIGSTOP) for {o.StallSeconds:0} s, then SIGCONT";
                    break;
                default:
                    throw new InvalidOperationException(kind.ToString());
            }

            lock (result.Faults)
            {
                result.Faults.Add(new FaultRecord(started, kind, detail));
            }

            o.Log.WriteLine($"[{store}] {started:mm\\:ss} fault {kind}: {detail}");
        }
    }
}
