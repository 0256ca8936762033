using System.Diagnostics;
using System.Globalization;

namespace Aggregator.Benchmarks.Harness;

/// <summary><c>perf record -F 999 -g</c> of some processes while it is alive; stopped with SIGINT so perf writes its data.</summary>
internal sealed class PerfRecording : IAsyncDisposable
{
    private readonly Process _perf;

    private PerfRecording(Process perf) => _perf = perf;

    public static string FileName(string store) => store.Replace(' ', '-').Replace(",", "", StringComparison.Ordinal);

    public static async Task<PerfRecording> StartAsync(string directory, string store, IEnumerable<int> pids)
    {
        Directory.CreateDirectory(directory);
        var output = Path.Combine(directory, FileName(store) + ".perf.data");
        var perf = Process.Start(new ProcessStartInfo("perf", ["record", "-F", "999", "-g", "-o", output, "-p", string.Join(',', pids.Select(p => p.ToString(CultureInfo.InvariantCulture)))])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("perf could not be started (is linux-perf installed?).");
        _ = perf.StandardOutput.ReadToEndAsync();
        _ = perf.StandardError.ReadToEndAsync();
        await Task.Delay(500); // perf attaches
        return new PerfRecording(perf);
    }

    public async ValueTask DisposeAsync()
    {
        using var interrupt = Process.Start("kill", ["-INT", _perf.Id.ToString(CultureInfo.InvariantCulture)]);
        await interrupt.WaitForExitAsync();
        await _perf.WaitForExitAsync();
        _perf.Dispose();
    }
}
