using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Aggregator.Storage.Redis;

namespace Aggregator.Benchmarks.Harness;

/// <summary>
/// A redis-server child process on a free 127.0.0.1 port with its own temp directory, configured as
/// the README asks for production (<c>appendonly yes</c>, <c>appendfsync always</c>). Killed by its
/// own process id on dispose.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agg-bench-redis-").FullName;
    private readonly int _port = EmbeddedGarnet.FreePort();
    private Process? _process;

    public string ConnectionString => "127.0.0.1:" + _port.ToString(CultureInfo.InvariantCulture) + ",allowAdmin=true";

    public static string Executable =>
        Environment.GetEnvironmentVariable("AGGREGATOR_REDIS_SERVER") is { Length: > 0 } p ? p : "redis-server";

    public async Task StartAsync()
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
        {
            "--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dir,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "no",
        })
        {
            psi.ArgumentList.Add(a);
        }

        try
        {
            _process = Process.Start(psi) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"redis-server not found ('{Executable}'); install it (scripts/bootstrap.sh) or set AGGREGATOR_REDIS_SERVER.", e);
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", _port);
                await Task.Delay(100);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("redis-server did not open its port.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } p)
        {
            if (!p.HasExited)
            {
                p.Kill();
                await p.WaitForExitAsync();
            }

            p.Dispose();
            _process = null;
        }

        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
