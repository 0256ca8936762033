using Aggregator.Testing;
using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Aggregator.Observability.Tests.Infrastructure;

/// <summary>One sample of an instant query: its labels and value (NaN and ±Inf kept).</summary>
public sealed record PromSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var v) ? v : "";

    public override string ToString() =>
        "{" + string.Join(",", Labels.Where(l => l.Key != "__name__").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "} "
        + Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// A real Prometheus on a free loopback port with its own temp dir, scraping one target every
/// second. Missing executable → failure (never a skip): run scripts/bootstrap.sh or set AGGREGATOR_PROMETHEUS.
/// </summary>
public sealed class PrometheusProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 200;
    private readonly string _dir = Directory.CreateTempSubdirectory("agg-prometheus-").FullName;
    private readonly ConcurrentQueue<string> _output = new();
    private HttpClient _http;
    private Process? _process;

    public PrometheusProcess()
    {
        Port = FreePort();
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public static string Executable =>
        Environment.GetEnvironmentVariable("AGGREGATOR_PROMETHEUS") is { Length: > 0 } p ? p : "prometheus";

    public int Port { get; private set; }

    public TimeSpan ScrapeInterval { get; private set; }

    /// <summary>The last lines prometheus wrote (for failure messages).</summary>
    public string RecentOutput => string.Join('\n', _output);

    /// <summary>Starts prometheus scraping <paramref name="targets"/> (host:port, path /metrics) as one job and waits for /-/ready.</summary>
    public async Task StartAsync(IReadOnlyList<string> targets, string job, TimeSpan scrapeInterval)
    {
        // The free port is picked before prometheus binds it; another process may take it in between
        // (seen in a full CI run): then start again on another port.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnceAsync(targets, job, scrapeInterval);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3 && _process is { HasExited: true } && RecentOutput.Contains("address already in use", StringComparison.Ordinal))
            {
                _process.Dispose();
                _process = null;
                _output.Clear();
                Port = FreePort();
                _http.Dispose();
                _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}/"), Timeout = TimeSpan.FromSeconds(10) };
            }
        }
    }

    private async Task StartOnceAsync(IReadOnlyList<string> targets, string job, TimeSpan scrapeInterval)
    {
        ScrapeInterval = scrapeInterval;
        var interval = ((int)scrapeInterval.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        var config = Path.Combine(_dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: {interval}
              scrape_timeout: {interval}
              evaluation_interval: {interval}
            scrape_configs:
              - job_name: {job}
                metrics_path: /metrics
                static_configs:
                  - targets: [{string.Join(", ", targets.Select(t => "'" + t + "'"))}]
            """);

        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _dir,
        };
        foreach (var a in new[]
        {
            "--config.file=" + config,
            "--storage.tsdb.path=" + Path.Combine(_dir, "data"),
            "--web.listen-address=127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture),
            "--storage.tsdb.retention.time=1h",
            "--log.level=warn",
        })
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            _process = Process.Start(psi) ?? throw new InvalidOperationException("prometheus did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"prometheus not found ('{Executable}'); install it (scripts/bootstrap.sh installs the Debian package) or set AGGREGATOR_PROMETHEUS.", e);
        }

        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}:\n{RecentOutput}");
            }

            try
            {
                using var response = await _http.GetAsync(new Uri("-/ready", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
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

        throw new TimeoutException($"prometheus was not ready within 30 s:\n{RecentOutput}");
    }

    /// <summary>Evaluates an instant query now (<c>/api/v1/query</c>). Throws with Prometheus' error on failure.</summary>
    public async Task<IReadOnlyList<PromSample>> QueryAsync(string promql)
    {
        using var content = new FormUrlEncodedContent([new("query", promql)]);
        using var response = await _http.PostAsync(new Uri("api/v1/query", UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new PromQueryException(promql,
                $"{root.GetProperty("errorType").GetString()}: {root.GetProperty("error").GetString()}");
        }

        var data = root.GetProperty("data");
        var resultType = data.GetProperty("resultType").GetString();
        var result = data.GetProperty("result");
        return resultType switch
        {
            "vector" => [.. result.EnumerateArray().Select(s => new PromSample(Labels(s.GetProperty("metric")), Value(s.GetProperty("value"))))],
            "scalar" => [new PromSample(new Dictionary<string, string>(), Value(result))],
            _ => throw new PromQueryException(promql, $"unexpected result type '{resultType}' for an instant query"),
        };
    }

    /// <summary>Values of a label over the series matching <paramref name="match"/> (what Grafana's <c>label_values</c> asks).</summary>
    public async Task<IReadOnlyList<string>> LabelValuesAsync(string label, string match)
    {
        var uri = new Uri($"api/v1/label/{Uri.EscapeDataString(label)}/values?match[]={Uri.EscapeDataString(match)}", UriKind.Relative);
        using var response = await _http.GetAsync(uri);
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.GetProperty("status").GetString() != "success")
        {
            throw new PromQueryException(match, root.GetProperty("error").GetString() ?? body);
        }

        return [.. root.GetProperty("data").EnumerateArray().Select(v => v.GetString()!)];
    }

    /// <summary>Polls <paramref name="promql"/> until <paramref name="done"/> holds; throws naming the last result otherwise.</summary>
    public async Task WaitUntilAsync(string promql, Func<IReadOnlyList<PromSample>, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyList<PromSample> last = [];
        while (true)
        {
            last = await QueryAsync(promql);
            if (done(last))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Prometheus did not see {what} within {timeout.TotalSeconds:0} s. `{promql}` returned [{string.Join("; ", last)}].\n{RecentOutput}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Waits until every target of <paramref name="job"/> has been scraped <paramref name="scrapes"/> more
    /// times, so that rate() and increase() have at least two samples of what was last seen.
    /// </summary>
    public async Task WaitForScrapesAsync(string job, int scrapes, TimeSpan timeout)
    {
        var query = $"timestamp(up{{job=\"{job}\"}})";
        var start = await QueryAsync(query);
        var after = start.Count == 0 ? 0 : start.Min(s => s.Value);
        var wanted = after + (scrapes - 0.5) * ScrapeInterval.TotalSeconds;
        await WaitUntilAsync(query, r => r.Count == start.Count && r.All(s => s.Value >= wanted), timeout, $"{scrapes} more scrapes of job {job}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_process is { } p)
        {
            _process = null;
            await ChildProcess.KillAsync(p);
        }

        ChildProcess.DeleteDirectory(_dir);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }

    private static Dictionary<string, string> Labels(JsonElement metric) =>
        metric.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "", StringComparer.Ordinal);

    /// <summary>A [timestamp, "value"] pair; Prometheus writes NaN, +Inf and -Inf as such.</summary>
    private static double Value(JsonElement pair)
    {
        var text = pair[1].GetString();
        return text switch
        {
            "NaN" => double.NaN,
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text!, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
    }
}

/// <summary>Prometheus refused or failed a query.</summary>
public sealed class PromQueryException(string query, string error) : Exception($"`{query}`: {error}")
{
    public string Query { get; } = query;

    public string Error { get; } = error;
}
