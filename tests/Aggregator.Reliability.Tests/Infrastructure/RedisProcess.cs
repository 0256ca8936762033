using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Aggregator.Storage.Redis;

namespace Aggregator.Reliability.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port with its own directory and AOF (after
/// tests/Aggregator.Server.Tests/StoreFixtures.cs <c>RedisServerProcess</c>, with the fsync policy
/// as a parameter). <see cref="KillAsync"/> sends SIGKILL; <see cref="StartAsync"/> starts it again on
/// the same port and directory, so it replays its AOF. A missing redis-server is a failure, never a skip.
/// </summary>
public sealed class RedisProcess(string appendFsync = "always") : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agg-rel-redis-").FullName;
    private Process? _process;

    public int Port { get; } = EmbeddedGarnet.FreePort();

    public string ConnectionString => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

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
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dir,
            "--appendonly", "yes", "--appendfsync", appendFsync, "--save", "", "--daemonize", "no", "--protected-mode", "no",
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
                await client.ConnectAsync("127.0.0.1", Port);
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

    /// <summary>SIGKILL: no shutdown, no final fsync; the AOF on disk is what survives.</summary>
    public async Task KillAsync()
    {
        if (_process is { } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
            p.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
