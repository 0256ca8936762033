using Aggregator.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Aggregator.Cli.Tests;

/// <summary>
/// The real server (AddAggregatorServer / MapAggregatorServer) on a free loopback port, with embedded
/// Garnet and its signing key in a temporary data directory. One per test class.
/// </summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private readonly TempDir _data = new();
    private WebApplication? _app;

    public string Address { get; private set; } = "";

    public string DataDirectory => _data.Path;

    public string SigningKeyPath => Path.Combine(_data.Path, "signing-key");

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _data.Path, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aggregator:DataDirectory"] = _data.Path,
            ["Aggregator:Endpoints:Grpc"] = "http://127.0.0.1:0",
            ["Aggregator:Endpoints:Metrics"] = "",
        });
        builder.Logging.ClearProviders();
        builder.AddAggregatorServer();
        _app = builder.Build();
        _app.MapAggregatorServer();
        await _app.StartAsync();
        Address = _app.GrpcAddress();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        _data.Dispose();
    }
}
