using System.Globalization;
using Aggregator.Benchmarks.Harness;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Aggregator.Benchmarks;

/// <summary>
/// <c>harness [--quick] [--stores garnet,redis] [--ingest N] [--streams K] [--rollup-sizes A,B] [--burst P,C,D] [--no-status-gauges] [--audit-compare] [--ingest-only] [--phases ingest,rollup,burst] [--perf DIR] [--out FILE]</c>: the load harness;
/// <c>micro [--quick] [--artifacts DIR] [BenchmarkDotNet args, e.g. --filter *Rollup*]</c>: the micro-benchmarks;
/// <c>console [--quick] [--units N] [--runs R] [--out FILE]</c>: the console's page weight and time to a rendered rollup page;
/// <c>soak [--minutes M] [--store garnet|redis|both] [--fault-every S] [--cities C] [--districts-per-city D] [--rate R] [--out FILE]</c>:
/// the soak with faults (scripts/soak.sh), exit 1 on any loss or mismatch.
/// </summary>
public static class BenchmarkProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var command = args.Length > 0 ? args[0] : "";
        var rest = args.Skip(1).ToList();
        var quick = rest.Remove("--quick");
        switch (command)
        {
            case "harness":
            {
                var options = (quick ? HarnessOptions.Quick : HarnessOptions.Full) with { Log = Console.Out };
                if (Take(rest, "--stores") is { } stores)
                {
                    options = options with { Stores = [.. stores.Split(',').Select(ParseStore)] };
                }

                if (Take(rest, "--ingest") is { } ingest)
                {
                    options = options with { IngestReports = int.Parse(ingest, CultureInfo.InvariantCulture) };
                }

                if (Take(rest, "--burst") is { } burst)
                {
                    var b = burst.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToArray();
                    options = options with { Burst = (b[0], b[1], b[2]) };
                }

                if (Take(rest, "--rollup-sizes") is { } sizes)
                {
                    options = options with { RollupSizes = [.. sizes.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture))] };
                }

                if (Take(rest, "--streams") is { } streams)
                {
                    options = options with { Streams = int.Parse(streams, CultureInfo.InvariantCulture) };
                }

                if (rest.Remove("--audit-compare"))
                {
                    options = options with { CompareAudit = true };
                }

                if (Take(rest, "--perf") is { } perf)
                {
                    options = options with { PerfDirectory = perf };
                }

                if (rest.Remove("--ingest-only"))
                {
                    options = options with { IngestOnly = true };
                }

                if (Take(rest, "--phases") is { } phases)
                {
                    options = options with
                    {
                        Phases = phases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                            .Select(p => Enum.Parse<HarnessPhase>(p, ignoreCase: true)).ToHashSet(),
                    };
                }

                if (rest.Remove("--no-status-gauges"))
                {
                    options = options with { StatusGaugesOnBenchYear = false };
                }

                var output = Take(rest, "--out");
                using var cancel = new CancellationTokenSource();
                Console.CancelKeyPress += (_, e) =>
                {
                    e.Cancel = true;
                    cancel.Cancel();
                };
                var result = await LoadHarness.RunAsync(options, cancel.Token);
                var markdown = result.ToMarkdown(options);
                Console.WriteLine();
                Console.WriteLine(markdown);
                if (output is not null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                    await File.WriteAllTextAsync(output, markdown);
                }

                return result.Figures.All(f => f.HasValue) ? 0 : 1;
            }

            case "micro":
            {
                var artifacts = Take(rest, "--artifacts") ?? Path.Combine("artifacts", "bench", "micro");
                // In-process: no per-benchmark project generation and build (slow on 2 shared cores).
                var job = (quick ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
                var config = DefaultConfig.Instance
                    .AddJob(job)
                    .AddDiagnoser(MemoryDiagnoser.Default)
                    .AddExporter(MarkdownExporter.GitHub)
                    .WithArtifactsPath(artifacts)
                    .WithOptions(ConfigOptions.JoinSummary | ConfigOptions.DisableLogFile);
                var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkProgram).Assembly).Run([.. rest], config);
                return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
            }

            case "console":
            {
                var size = Take(rest, "--units") is { } units ? int.Parse(units, CultureInfo.InvariantCulture) : quick ? 100 : 10_000;
                var output = Take(rest, "--out");
                var runs = Take(rest, "--runs") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : quick ? 2 : 5;
                var markdown = await ConsoleBench.RunAsync(size, runs, Console.Out, CancellationToken.None);
                Console.WriteLine();
                Console.WriteLine(markdown);
                if (output is not null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                    await File.WriteAllTextAsync(output, markdown);
                }

                return 0;
            }

            case "soak":
            {
                var options = new Soak.SoakOptions { Log = Console.Out };
                if (Take(rest, "--minutes") is { } minutes)
                {
                    options = options with { Minutes = double.Parse(minutes, CultureInfo.InvariantCulture) };
                }

                if (Take(rest, "--store") is { } store)
                {
                    options = options with
                    {
                        Stores = store switch
                        {
                            "garnet" => [Soak.SoakStore.Garnet],
                            "redis" or "redis-server" => [Soak.SoakStore.Redis],
                            "both" => [Soak.SoakStore.Garnet, Soak.SoakStore.Redis],
                            _ => throw new ArgumentException($"Unknown store '{store}' (garnet, redis or both)."),
                        },
                    };
                }

                if (Take(rest, "--fault-every") is { } every)
                {
                    options = options with { FaultEverySeconds = double.Parse(every, CultureInfo.InvariantCulture) };
                }

                if (Take(rest, "--cities") is { } cities)
                {
                    options = options with { Cities = int.Parse(cities, CultureInfo.InvariantCulture) };
                }

                if (Take(rest, "--districts-per-city") is { } perCity)
                {
                    options = options with { DistrictsPerCity = int.Parse(perCity, CultureInfo.InvariantCulture) };
                }

                if (Take(rest, "--rate") is { } rate)
                {
                    options = options with { RatePerDistrict = double.Parse(rate, CultureInfo.InvariantCulture) };
                }

                var output = Take(rest, "--out");
                var results = new List<Soak.SoakResult>();
                foreach (var s in options.Stores)
                {
                    results.Add(await Soak.SoakRun.RunAsync(s, options));
                }

                var markdown = Soak.SoakResult.ToMarkdown(results, "scripts/soak.sh " + string.Join(' ', args.Skip(1)));
                Console.WriteLine();
                Console.WriteLine(markdown);
                if (output is not null)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
                    await File.WriteAllTextAsync(output, markdown);
                }

                return results.Any(r => r.Failed) ? 1 : 0;
            }

            default:
                await Console.Error.WriteLineAsync("usage: Aggregator.Benchmarks harness [--quick] [--stores garnet,redis] [--ingest N] [--streams K] [--rollup-sizes 10,100] [--burst P,C,D] [--no-status-gauges] [--audit-compare] [--ingest-only] [--phases ingest,rollup,burst] [--perf DIR] [--out FILE]\n"
                    + "       Aggregator.Benchmarks micro [--quick] [--artifacts DIR] [--filter PATTERN ...]\n"
                    + "       Aggregator.Benchmarks console [--quick] [--units N] [--runs R] [--out FILE]\n"
                    + "       Aggregator.Benchmarks soak [--minutes 30] [--store garnet|redis|both] [--fault-every 60] [--cities 2] [--districts-per-city 24] [--rate 1.5] [--out FILE]");
                return 2;
        }
    }

    private static string? Take(List<string> args, string name)
    {
        var i = args.IndexOf(name);
        if (i < 0 || i + 1 >= args.Count)
        {
            return null;
        }

        var value = args[i + 1];
        args.RemoveRange(i, 2);
        return value;
    }

    private static StoreChoice ParseStore(string s) => s.Trim().ToLowerInvariant() switch
    {
        "garnet" => StoreChoice.Garnet,
        "redis" or "redis-server" => StoreChoice.RedisServer,
        _ => throw new ArgumentException($"Unknown store '{s}' (garnet or redis)."),
    };
}
