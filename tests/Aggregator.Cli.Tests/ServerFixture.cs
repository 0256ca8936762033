using Aggregator.Testing;

namespace Aggregator.Cli.Tests;

/// <summary>
/// The real server (<see cref="AggregatorTestServer"/>) on a free loopback port, with embedded
/// Garnet and its signing key in a temporary data directory. One per test class.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private AggregatorTestServer? _server;

    public string Address => _server?.Address ?? "";

    public string DataDirectory => (_server ?? throw new InvalidOperationException("The server is not started.")).DataDirectory;

    public string SigningKeyPath => Path.Combine(DataDirectory, "signing-key");

    /// <summary>A CLI runner pointed at this server (and its signing key), with <paramref name="token"/> when given.</summary>
    public CliRunner Runner(string? token = null)
    {
        var runner = new CliRunner();
        runner.Environment["AGGREGATOR_SERVER"] = Address;
        runner.Environment["AGGREGATOR_SIGNING_KEY"] = SigningKeyPath;
        if (token is not null)
        {
            runner.Environment["AGGREGATOR_TOKEN"] = token;
        }

        return runner;
    }

    /// <summary>A token minted by the CLI's own <c>token</c> command.</summary>
    public async Task<string> TokenAsync(string unit, string role)
    {
        var result = await Runner().RunAsync("token", "--unit", unit, "--role", role);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        return result.RawOut.Trim();
    }

    /// <summary>The server's defaults but for the data directory, the loopback gRPC port and /metrics off.</summary>
    public async Task InitializeAsync() =>
        _server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "aggregator-cli-tests-",
            EnvironmentName = "Testing",
            PinEmbeddedPort = false,
            RedisTimeoutMilliseconds = null,
            SubmissionsPerSecond = null,
            SubmissionBurst = null,
        });

    public async Task DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }
}
