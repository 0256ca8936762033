using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Security;
using Aggregator.Storage;
using Aggregator.Storage.Redis;

namespace Aggregator.Testing;

/// <summary>
/// The real server as a child process (<c>dotnet Aggregator.Server.dll</c> from the test's output
/// directory, where the project reference copies it with its runtimeconfig), on a fixed loopback
/// gRPC port so that a restart comes back on the same address with the same data directory.
/// Used by the reliability suite and by the soak (<c>scripts/soak.sh</c>).
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private ServerProcess(string dataDirectory, string? redisConnectionString, string registryPath)
    {
        DataDirectory = dataDirectory;
        RedisConnectionString = redisConnectionString;
        RegistryPath = registryPath;
    }

    /// <summary>The registry file the server loads (default: <c>TestData/registry.yaml</c> next to the caller's binaries).</summary>
    public string RegistryPath { get; }

    public string DataDirectory { get; }

    /// <summary>null: embedded Garnet (persisted in <c>&lt;data&gt;/garnet</c>).</summary>
    public string? RedisConnectionString { get; }

    public int GrpcPort { get; } = EmbeddedGarnet.FreePort();

    public int GarnetPort { get; } = EmbeddedGarnet.FreePort();

    public string Address => "http://127.0.0.1:" + GrpcPort.ToString(CultureInfo.InvariantCulture);

    public byte[] SigningKey => Security.SigningKey.Load(Path.Combine(DataDirectory, "signing-key"));

    public int Pid => _process?.Id ?? 0;

    public string Token(string unit, string role) => Token(unit, role, TimeSpan.FromHours(1));

    public string Token(string unit, string role, TimeSpan lifetime) => TokenIssuer.Mint(SigningKey, unit, role, lifetime);

    /// <summary>Creates the data directory and starts the server.</summary>
    /// <param name="redisConnectionString">null: embedded Garnet.</param>
    /// <param name="registryPath">null: <c>TestData/registry.yaml</c> next to the caller's binaries.</param>
    /// <param name="sameKeysAs">A server whose key ring this one gets (a replica: tokens minted for either are valid on both).</param>
    public static async Task<ServerProcess> StartAsync(string? redisConnectionString, string? registryPath = null, ServerProcess? sameKeysAs = null)
    {
        var server = new ServerProcess(
            Directory.CreateTempSubdirectory("agg-rel-data-").FullName,
            redisConnectionString,
            registryPath ?? Path.Combine(AppContext.BaseDirectory, "TestData", "registry.yaml"));
        if (sameKeysAs is not null)
        {
            File.Copy(Path.Combine(sameKeysAs.DataDirectory, "signing-key"), Path.Combine(server.DataDirectory, "signing-key"));
        }

        await server.StartAsync();
        return server;
    }

    /// <summary>Starts (or restarts) the process on the same data directory and ports.</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("Already running.");
        }

        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = DataDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Aggregator.Server.dll"));
        psi.Environment["Aggregator__DataDirectory"] = DataDirectory;
        psi.Environment["Aggregator__Endpoints__Grpc"] = Address;
        psi.Environment["Aggregator__Endpoints__Metrics"] = "";
        psi.Environment["Aggregator__Endpoints__Web"] = "";
        psi.Environment["Aggregator__Redis__ConnectionString"] = RedisConnectionString ?? "";
        psi.Environment["Aggregator__Redis__EmbeddedPort"] = GarnetPort.ToString(CultureInfo.InvariantCulture);
        psi.Environment["Aggregator__RegistryPath"] = RegistryPath;
        psi.Environment["Aggregator__Limits__SubmissionsPerSecond"] = "1000000";
        psi.Environment["Aggregator__Limits__SubmissionBurst"] = "1000000";
        psi.Environment["Aggregator__Limits__MaxVersionsPerUnitYear"] = "1000000";
        psi.Environment["Aggregator__Limits__MaxYearsAhead"] = "100";
        psi.Environment["DOTNET_gcServer"] = "0";

        var started = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Keep(line);
                if (ListeningLine().IsMatch(line))
                {
                    started.TrySetResult(true);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Keep(line);
            }
        };
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException("The server exited during start-up:\n" + Output));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(90));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException("The server did not start within 90 s:\n" + Output, e);
        }
    }

    /// <summary>SIGKILL (Process.Kill on Linux): no graceful shutdown, no flush.</summary>
    public async Task KillAsync()
    {
        if (_process is { } p)
        {
            _process = null;
            try
            {
                p.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already exited.
            }

            await p.WaitForExitAsync();
            p.Dispose();
        }
    }

    /// <summary>
    /// SIGTERM (graceful shutdown: the host stops, calls in flight get up to the shutdown timeout to end),
    /// then waits for the process to exit. Returns its exit code.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        var p = _process ?? throw new InvalidOperationException("Not running.");
        using (var kill = Process.Start("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await p.WaitForExitAsync().WaitAsync(within);
        _process = null;
        var code = p.ExitCode;
        p.Dispose();
        return code;
    }

    /// <summary>The last lines the server wrote (diagnostics for failures).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Resident set size of the server process in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            var p = _process ?? throw new InvalidOperationException("Not running.");
            p.Refresh();
            return p.WorkingSet64;
        }
    }

    /// <summary>Whether the process was started and has not been killed or stopped since.</summary>
    public bool IsRunning => _process is { HasExited: false };

    private void Keep(string line)
    {
        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"Aggregator listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
