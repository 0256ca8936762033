using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Garnet;
using Microsoft.Extensions.Logging;

namespace Aggregator.Storage.Redis;

/// <summary>
/// An in-process Garnet server on a loopback port: Lua with atomic script transactions, AOF
/// persistence in <see cref="Directory"/> recovered on start. Without <c>--aof-commit-wait</c>:
/// the store makes a batch durable with one awaited <c>COMMITAOF</c> (group commit).
/// </summary>
/// <remarks>
/// <c>--aof-commit-freq -1</c> (commit only on COMMITAOF) was tried: a SIGKILL test then proves the
/// COMMITAOF is what makes acknowledged data durable, but the first COMMITAOF after an in-process
/// restart on the same directory intermittently hung past the 2 s timeout, so the default
/// (commit issued per operation, not awaited) is kept and COMMITAOF awaits it.
/// </remarks>
public sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;

    private EmbeddedGarnet(GarnetServer server, string directory, int port)
    {
        _server = server;
        Directory = directory;
        Port = port;
    }

    /// <summary>The AOF/checkpoint directory.</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis endpoint ("127.0.0.1:port").</summary>
    public string Endpoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts Garnet on <paramref name="port"/> (0 = a free port) with its files in <paramref name="directory"/>.</summary>
    public static EmbeddedGarnet Start(string directory, int port = 0, ILoggerFactory? loggerFactory = null)
    {
        System.IO.Directory.CreateDirectory(directory);
        if (port == 0)
        {
            port = FreePort();
        }

        string[] args =
        [
            "--bind", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--lua",
            "--lua-transaction-mode",
            "--aof",
            "--checkpointdir", directory,
            "--recover",
            // Garnet's native device needs glibc 2.38; RandomAccess works everywhere.
            "--device-type", "RandomAccess",
        ];
        var server = new GarnetServer(args, loggerFactory, false);
        try
        {
            server.Start();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return new EmbeddedGarnet(server, directory, port);
    }

    /// <summary>A currently free loopback TCP port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _server.Dispose();
        }
    }
}
