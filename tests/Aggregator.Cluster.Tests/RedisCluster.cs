using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Aggregator.Cluster.Tests;

/// <summary>
/// A real Redis Cluster of three masters (no replicas) on loopback ports, each node with its own
/// temp dir and <c>appendfsync always</c>, created with <c>redis-cli --cluster create</c>.
/// Missing redis-server / redis-cli is a failure, never a skip. Every process started here is
/// killed (by its own handle) on dispose, on a failed start and when the test host exits.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    /// <summary>Cluster bus port = client port + this.</summary>
    private const int BusOffset = 10000;

    private const int Masters = 3;

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private readonly List<(int Port, string Directory, Process Process)> _nodes = [];

    public static string ServerExecutable =>
        Environment.GetEnvironmentVariable("AGGREGATOR_REDIS_SERVER") is { Length: > 0 } p ? p : "redis-server";

    public static string CliExecutable =>
        Environment.GetEnvironmentVariable("AGGREGATOR_REDIS_CLI") is { Length: > 0 } p ? p : "redis-cli";

    /// <summary>All three endpoints, e.g. <c>127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3</c>.</summary>
    public string ConnectionString => string.Join(",", _nodes.Select(n => "127.0.0.1:" + n.Port.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Starts the nodes, creates the cluster and waits until every node reports <c>cluster_state:ok</c>.</summary>
    public static async Task<RedisCluster> StartAsync()
    {
        var cluster = new RedisCluster();
        AppDomain.CurrentDomain.ProcessExit += cluster.OnProcessExit;
        try
        {
            foreach (var port in FreePortsWithFreeBus(Masters))
            {
                cluster.StartNode(port);
            }

            foreach (var node in cluster._nodes)
            {
                await WaitForPortAsync(node.Port, node.Process);
            }

            var create = new List<string> { "--cluster", "create" };
            create.AddRange(cluster._nodes.Select(n => "127.0.0.1:" + n.Port.ToString(CultureInfo.InvariantCulture)));
            create.AddRange(["--cluster-replicas", "0", "--cluster-yes"]);
            var (code, output) = await RunCliAsync(create);
            if (code != 0 || !output.Contains("All 16384 slots covered", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"redis-cli --cluster create failed (exit {code}):\n{output}");
            }

            await cluster.WaitUntilStateOkAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs redis-cli with the given arguments; returns its exit code and stdout+stderr.</summary>
    public static async Task<(int ExitCode, string Output)> RunCliAsync(IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(CliExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = StartProcess(psi, "redis-cli", "AGGREGATOR_REDIS_CLI");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(s_startTimeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException("redis-cli " + string.Join(' ', psi.ArgumentList) + " did not finish.");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private void StartNode(int port)
    {
        var dir = Directory.CreateTempSubdirectory("agg-cluster-").FullName;
        var psi = new ProcessStartInfo(ServerExecutable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dir,
        };
        foreach (var a in new[]
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--protected-mode", "no", "--dir", dir,
            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000",
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no",
        })
        {
            psi.ArgumentList.Add(a);
        }

        Process process;
        try
        {
            process = StartProcess(psi, "redis-server", "AGGREGATOR_REDIS_SERVER");
        }
        catch
        {
            TryDelete(dir);
            throw;
        }

        _nodes.Add((port, dir, process));
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private static Process StartProcess(ProcessStartInfo psi, string name, string variable)
    {
        try
        {
            return Process.Start(psi) ?? throw new InvalidOperationException(name + " did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{name} not found ('{psi.FileName}'); install it (scripts/bootstrap.sh) or set {variable}.", e);
        }
    }

    private async Task WaitUntilStateOkAsync()
    {
        var deadline = DateTime.UtcNow + s_startTimeout;
        var last = "";
        foreach (var node in _nodes)
        {
            while (true)
            {
                var (_, info) = await RunCliAsync(["-h", "127.0.0.1", "-p", node.Port.ToString(CultureInfo.InvariantCulture), "CLUSTER", "INFO"]);
                if (info.Contains("cluster_state:ok", StringComparison.Ordinal))
                {
                    break;
                }

                last = info;
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Node 127.0.0.1:{node.Port} did not reach cluster_state:ok:\n{last}");
                }

                await Task.Delay(100);
            }
        }
    }

    private static async Task WaitForPortAsync(int port, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server on port {port} exited with code {process.ExitCode}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException($"redis-server did not open port {port}.");
    }

    /// <summary>Distinct loopback ports p with p and p + 10000 (the cluster bus) both free.</summary>
    private static List<int> FreePortsWithFreeBus(int count)
    {
        var ports = new List<int>();
        for (var attempt = 0; attempt < 1000 && ports.Count < count; attempt++)
        {
            var port = Random.Shared.Next(20000, 50000);
            if (!ports.Contains(port) && !ports.Contains(port + BusOffset) && !ports.Contains(port - BusOffset)
                && IsFree(port) && IsFree(port + BusOffset))
            {
                ports.Add(port);
            }
        }

        return ports.Count == count ? ports : throw new InvalidOperationException("No free loopback ports for the cluster.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => KillAll();

    private void KillAll()
    {
        foreach (var (_, _, process) in _nodes)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        KillAll();
        foreach (var (_, dir, process) in _nodes)
        {
            try
            {
                await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
            }

            process.Dispose();
            TryDelete(dir);
        }

        _nodes.Clear();
    }

    private static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public override string ToString() => "Redis Cluster " + ConnectionString;
}
