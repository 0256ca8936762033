using System.Diagnostics;
using System.Net.Sockets;
using Aggregator.Domain.Registry;
using Aggregator.Server.Registry;
using Aggregator.Storage.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Server.Tests;

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
    private Process? _process;

    public string ConnectionString => "127.0.0.1:" + _port;

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
        foreach (var a in new[] { "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _dir,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "no" })
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

/// <summary>Embedded Garnet: the store connection starts it; stop/start dispose it and start it again on the same directory and port.</summary>
public sealed class GarnetProcess : IStoreProcess
{
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("agg-garnet-").FullName;

    public int Port { get; } = EmbeddedGarnet.FreePort();

    public string ConnectionString => "";

    public string Name => "garnet";

    /// <summary>Set by the fixture: the connection whose embedded Garnet is restarted.</summary>
    public RedisConnection? Connection { get; set; }

    private EmbeddedGarnet? _restarted;

    public Task StartAsync()
    {
        if (Connection?.Garnet is null || _restarted is not null)
        {
            return Task.CompletedTask;
        }

        _restarted = EmbeddedGarnet.Start(Path.Combine(DataDirectory, "garnet"), Port);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        if (_restarted is not null)
        {
            _restarted.Dispose();
            _restarted = null;
        }
        else
        {
            Connection?.Garnet?.Dispose();
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _restarted?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Registry used by the tests: the Jingmen sample plus a synthetic province with 2×400 districts.</summary>
public static class TestRegistry
{
    private static readonly Lazy<RegionTree> s_tree = new(() =>
    {
        var jingmen = RegistryLoader.ParseDefinitions(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "registry", "jingmen.yaml")));
        var synthetic = SyntheticRegistry.Generate(1, 2, 400, 0);
        return RegionTree.Build(jingmen.AddRange(synthetic));
    });

    private static int s_next;

    public static RegionTree Tree => s_tree.Value;

    /// <summary>A district no other test uses.</summary>
    public static string FreshDistrict()
    {
        var n = Interlocked.Increment(ref s_next);
        var city = n <= 400 ? 1 : 2;
        var d = n <= 400 ? n : n - 400;
        return $"p01-c{city:D3}-d{d:D4}";
    }
}

/// <summary>A store fixture: the process plus a connected <see cref="RedisReportStore"/>.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    protected StoreFixture(IStoreProcess process) => Process = process;

    public IStoreProcess Process { get; }

    public RedisConnection Connection { get; private set; } = null!;

    public RedisReportStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Process.StartAsync();
        var options = Options.Create(new RedisStoreOptions
        {
            ConnectionString = Process.ConnectionString,
            DataDirectory = Process is GarnetProcess g ? g.DataDirectory : Path.GetTempPath(),
            EmbeddedPort = Process is GarnetProcess gp ? gp.Port : 0,
            TimeoutMilliseconds = 4000,
        });
        Connection = new RedisConnection(options);
        if (Process is GarnetProcess garnet)
        {
            garnet.Connection = Connection;
        }

        await Connection.StartAsync();
        Store = new RedisReportStore(Connection, TestRegistry.Tree, options);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await Connection.DisposeAsync();
        await Process.DisposeAsync();
    }

    /// <summary>Waits until the store answers again.</summary>
    public async Task WaitUntilUpAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (await Store.PingAsync())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The store did not come back.");
    }

    public IDatabase Database => Connection.Multiplexer.GetDatabase();
}

public sealed class RedisStoreFixture() : StoreFixture(new RedisServerProcess());

public sealed class GarnetStoreFixture() : StoreFixture(new GarnetProcess());
