using System.Diagnostics;
using System.Net.Sockets;
using Aggregator.Domain.Registry;
using Aggregator.Server.Registry;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Aggregator.Testing.Synthetic;
using Microsoft.Extensions.Options;
using Aggregator.Testing;
using StackExchange.Redis;

namespace Aggregator.Server.Tests;

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
