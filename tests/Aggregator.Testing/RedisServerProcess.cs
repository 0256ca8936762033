using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Aggregator.Storage;
using Aggregator.Storage.Redis;

namespace Aggregator.Testing;

/// <summary>A store process the tests can stop and start again on the same data.</summary>
public interface IStoreProcess : IAsyncDisposable
{
    /// <summary>"" for embedded Garnet (the connection starts it), else the redis connection string.</summary>
    string ConnectionString { get; }

    string Name { get; }

    /// <summary>Stops the store abruptly (data on disk stays).</summary>
    Task StopAsync();

    /// <summary>Starts the store again on the same port and data.</summary>
    Task StartAsync();
}

/// <summary>A real redis-server on a free loopback port with its own temp dir (appendfsync always). Missing → failure.</summary>
public sealed class RedisServerProcess : IStoreProcess
{
    private readonly string _dir = Directory.CreateTempSubdirectory("agg-redis-").FullName;
    private readonly int _port = EmbeddedGarnet.FreePort();
    private readonly string[] _extraArguments;
    private Process? _process;

    /// <param name="extraArguments">More redis-server arguments after the defaults (a later directive wins), e.g. <c>--appendfsync everysec</c> or <c>--replicaof 127.0.0.1 6379</c>.</param>
    public RedisServerProcess(params string[] extraArguments) => _extraArguments = extraArguments;

    public int Port => _port;

    /// <summary>The process id while running (0 when stopped).</summary>
    public int Pid => _process?.Id ?? 0;

    public string ConnectionString => "127.0.0.1:" + _port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The connection string with INFO/CONFIG allowed (benchmarks read INFO commandstats and memory).</summary>
    public string AdminConnectionString => ConnectionString + ",allowAdmin=true";

    public string Name => "redis-server";

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
        foreach (var a in new[] { "--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dir,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "no" }.Concat(_extraArguments))
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

    /// <summary>The redis-server process id (null when not running), e.g. for a profiler.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>CPU time the redis-server process has used so far (zero when not running).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            if (_process is not { } p)
            {
                return TimeSpan.Zero;
            }

            p.Refresh();
            return p.TotalProcessorTime;
        }
    }

    /// <summary>SIGSTOP: the process stays, its sockets stay open, it answers nothing (a stalled store).</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT after <see cref="PauseAsync"/>.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        var p = _process ?? throw new InvalidOperationException("redis-server is not running.");
        using var kill = Process.Start("kill", [signal, p.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill {signal} {p.Id} failed.");
        }
    }

    public async Task StopAsync()
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
        await StopAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
