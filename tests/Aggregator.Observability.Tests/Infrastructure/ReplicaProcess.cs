using Aggregator.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Aggregator.Contracts.V1;
using Grpc.Net.Client;

namespace Aggregator.Observability.Tests.Infrastructure;

/// <summary>
/// A second replica of the server in a process of its own (<c>dotnet Aggregator.Server.dll</c> from
/// the test's output), configured by environment variables as the Helm chart does. In its own
/// process because OpenTelemetry's MeterListener is process-wide: two servers in one process would
/// each export the other's instruments.
/// </summary>
public sealed class ReplicaProcess : IAsyncDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("agg-replica-").FullName;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    public int GrpcPort { get; } = PrometheusProcess.FreePort();

    public int MetricsPort { get; } = PrometheusProcess.FreePort();

    public string MetricsTarget => "127.0.0.1:" + MetricsPort.ToString(CultureInfo.InvariantCulture);

    public GrpcChannel Channel { get; private set; } = null!;

    public SubmissionService.SubmissionServiceClient Submissions => new(Channel);

    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Starts the replica with <paramref name="settings"/> (configuration keys, e.g. <c>Aggregator:Redis:ConnectionString</c>) and waits for /metrics.</summary>
    public async Task StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var server = Path.Combine(AppContext.BaseDirectory, "Aggregator.Server.dll");
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var psi = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dataDirectory,
        };
        psi.ArgumentList.Add(server);
        var all = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase)
        {
            ["Aggregator:DataDirectory"] = _dataDirectory,
            ["Aggregator:Endpoints:Grpc"] = "http://127.0.0.1:" + GrpcPort.ToString(CultureInfo.InvariantCulture),
            ["Aggregator:Endpoints:Metrics"] = "http://" + MetricsTarget,
            ["Aggregator:Endpoints:Web"] = "",
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
        };
        foreach (var (key, value) in all)
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // Nothing of the test host's telemetry configuration leaks into the replica.
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }

        _process = Process.Start(psi) ?? throw new InvalidOperationException("The replica did not start.");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The replica exited with code {_process.ExitCode}:\n{RecentOutput}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://{MetricsTarget}/metrics"));
                if (response.IsSuccessStatusCode)
                {
                    Channel = GrpcChannel.ForAddress("http://127.0.0.1:" + GrpcPort.ToString(CultureInfo.InvariantCulture));
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The replica did not serve /metrics within 30 s:\n{RecentOutput}");
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (_process is { } p)
        {
            _process = null;
            await ChildProcess.KillAsync(p);
        }

        ChildProcess.DeleteDirectory(_dataDirectory);
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }
}
