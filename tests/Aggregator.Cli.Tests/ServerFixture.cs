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
