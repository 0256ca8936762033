using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Security;
using Garnet;
using Microsoft.Extensions.Logging;

namespace Aggregator.Storage.Redis;

/// <summary>
/// An in-process Garnet server on a loopback port: Lua with atomic script transactions, AOF
/// persistence in <see cref="Directory"/> recovered on start. Without <c>--aof-commit-wait</c>:
/// the store makes a batch durable with one awaited <c>COMMITAOF</c> (group commit).
/// </summary>
/// <remarks>
/// <para>Password authentication (<c>--auth Password</c>): every other local process can reach a
/// loopback port, so without it any of them could read and write every tenant's keys, bypassing the
/// tokens. The password is random (256 bits), generated on first start into
/// <see cref="PasswordPath"/> (<c>&lt;data&gt;/garnet-password</c>, created owner-only: 0600, in a
/// 0700 directory) and read again on restart, so a second replica or a restart uses the same one.
/// The store directory itself is made owner-only too (its AOF holds every report).</para>
/// <para>
/// <c>--aof-commit-freq -1</c> (commit only on COMMITAOF) was tried: a SIGKILL test then proves the
/// COMMITAOF is what makes acknowledged data durable, but the first COMMITAOF after an in-process
/// restart on the same directory intermittently hung past the 2 s timeout, so the default
/// (commit issued per operation, not awaited) is kept and COMMITAOF awaits it.</para>
/// </remarks>
public sealed class EmbeddedGarnet : IDisposable
{
    private readonly GarnetServer _server;

    private EmbeddedGarnet(GarnetServer server, string directory, int port, string password)
    {
        _server = server;
        Directory = directory;
        Port = port;
        Password = password;
    }

    /// <summary>The password clients must send (<c>AUTH</c>); kept in <see cref="PasswordPath"/>.</summary>
    public string Password { get; }

    /// <summary>The AOF/checkpoint directory.</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>The StackExchange.Redis endpoint ("127.0.0.1:port").</summary>
    public string Endpoint => "127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>A StackExchange.Redis connection string with the password (for another replica or a test client).</summary>
    public string ConnectionString => Endpoint + ",password=" + Password;

    /// <summary>The password file of the store in <paramref name="directory"/>: <c>garnet-password</c> beside it, in the data directory.</summary>
    public static string PasswordPath(string directory) =>
        Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)))!, "garnet-password");

    /// <summary>Starts Garnet on <paramref name="port"/> (0 = a free port) with its files in <paramref name="directory"/>.</summary>
    /// <param name="checkpointSeconds">Seconds between background checkpoints (0 = none): each lets the log be truncated up to it.</param>
    public static EmbeddedGarnet Start(string directory, int port = 0, ILoggerFactory? loggerFactory = null, int checkpointSeconds = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointSeconds);
        var password = LoadOrCreatePassword(PasswordPath(directory));
        CreateOwnerOnlyDirectory(directory, tighten: true);
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
            // Commits only when asked (COMMITAOF once per group-commit batch): without the store's
            // commit nothing is recovered, so the crash test shows the commit is what makes an
            // acknowledgement durable (the default, a commit issued after every operation, made the
            // COMMITAOF only a wait that a SIGKILL test could not tell from no wait at all).
            "--aof-commit-freq", "-1",
            "--checkpointdir", directory,
            "--recover",
            // Garnet's native device needs glibc 2.38; RandomAccess works everywhere.
            "--device-type", "RandomAccess",
            "--auth", "Password",
            "--password", password,
            // Background checkpoints: the log is truncated up to each, so it does not grow for ever.
            "--checkpoint-freq", checkpointSeconds.ToString(CultureInfo.InvariantCulture),
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

        return new EmbeddedGarnet(server, directory, port, password);
    }

    /// <summary>
    /// Reads the password from <paramref name="path"/>, or generates a random one there: the file is
    /// created owner-only (0600) from the start (never world-readable, not even briefly), written to a
    /// temporary name and moved in place, so a crash never leaves a truncated password.
    /// </summary>
    internal static string LoadOrCreatePassword(string path)
    {
        if (File.Exists(path))
        {
            return ReadPassword(path);
        }

        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        // Another process may create it first: then use that one.
        return SecretFile.WriteNew(path, Encoding.UTF8.GetBytes(password + "\n")) ? password : ReadPassword(path);
    }

    private static string ReadPassword(string path)
    {
        var password = File.ReadAllText(path).Trim();
        return password.Length >= 32
            ? password
            : throw new InvalidDataException($"The embedded store's password file '{path}' holds fewer than 32 characters; delete it to generate a new one.");
    }

    /// <summary>Creates <paramref name="path"/> as 0700; with <paramref name="tighten"/> also makes an existing one 0700.</summary>
    private static void CreateOwnerOnlyDirectory(string path, bool tighten)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
            return;
        }

        const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        var existed = System.IO.Directory.Exists(path);
        System.IO.Directory.CreateDirectory(path, OwnerOnly);
        if (existed && tighten)
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
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
