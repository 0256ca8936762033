using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Server;
using Aggregator.Server.Auth;
using Aggregator.Server.Telemetry;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Reliability.Tests.Infrastructure;

/// <summary>
/// The real server in-process on a Kestrel loopback port (after tests/Aggregator.Server.Tests/ServerFixture.cs)
/// with the suite's two-city registry, captured log records and a counter of this instance's
/// <c>aggregator.auth.denied</c> measurements by reason.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("agg-rel-inproc-").FullName;
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _denied = new();

    private long _activeStreams;

    private InProcessServer()
    {
    }

    public WebApplication App { get; private set; } = null!;

    public string Address { get; private set; } = "";

    public GrpcChannel Channel { get; private set; } = null!;

    /// <summary>Every log record written through the host's logger factory.</summary>
    public ConcurrentQueue<(string Category, LogLevel Level, EventId EventId, string Message)> Logs { get; } = new();

    public byte[] SigningKey => App.Services.GetRequiredService<SigningKeyProvider>().Key;

    public SubmissionService.SubmissionServiceClient Submissions => new(Channel);

    public QueryService.QueryServiceClient Queries => new(Channel);

    public static async Task<InProcessServer> StartAsync(string? redisConnectionString = null, IDictionary<string, string?>? overrides = null)
    {
        var server = new InProcessServer();
        await server.InitializeAsync(redisConnectionString, overrides);
        return server;
    }

    private async Task InitializeAsync(string? redisConnectionString, IDictionary<string, string?>? overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Aggregator:DataDirectory"] = _dataDirectory,
            ["Aggregator:RegistryPath"] = Path.Combine(AppContext.BaseDirectory, "TestData", "registry.yaml"),
            ["Aggregator:Endpoints:Grpc"] = "http://127.0.0.1:0",
            ["Aggregator:Endpoints:Metrics"] = "",
            ["Aggregator:Redis:ConnectionString"] = redisConnectionString ?? "",
            ["Aggregator:Redis:EmbeddedPort"] = EmbeddedGarnet.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Aggregator:Limits:SubmissionsPerSecond"] = "1000000",
            ["Aggregator:Limits:SubmissionBurst"] = "1000000",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = _dataDirectory, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddProvider(new CapturingLoggerProvider(Logs));
        builder.AddAggregatorServer();
        App = builder.Build();
        App.MapAggregatorServer();

        var meter = App.Services.GetRequiredService<AggregatorMetrics>().Meter;
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter) && instrument.Name is "aggregator.auth.denied" or "aggregator.streams.active")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "aggregator.streams.active")
            {
                Interlocked.Add(ref _activeStreams, value);
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    _denied.AddOrUpdate((string)tag.Value!, value, (_, old) => old + value);
                }
            }
        });
        _listener.Start();

        await App.StartAsync();
        Address = App.GrpcAddress();
        Channel = GrpcChannel.ForAddress(Address);
    }

    /// <summary>The <c>aggregator.auth.denied</c> total of this server for a reason (all reasons when null).</summary>
    public long Denied(string? reason = null) => reason is null ? _denied.Values.Sum() : _denied.GetValueOrDefault(reason);

    /// <summary>Open SubmitStream/BackfillStream calls (the <c>aggregator.streams.active</c> up-down counter).</summary>
    public long ActiveStreams => Interlocked.Read(ref _activeStreams);

    public string Token(string unit, string role) => TokenIssuer.Mint(SigningKey, unit, role, TimeSpan.FromHours(1));

    public CallOptions As(string unit, string role, int seconds = 30) => With(Token(unit, role), seconds);

    public static CallOptions With(string? token, int seconds = 30) => new(
        token is null ? [] : new Metadata { { "authorization", "Bearer " + token } },
        DateTime.UtcNow.AddSeconds(seconds));

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        Channel?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<(string, LogLevel, EventId, string)> sink) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, sink);

        public void Dispose()
        {
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<(string, LogLevel, EventId, string)> sink) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                sink.Enqueue((category, logLevel, eventId, formatter(state, exception)));
                while (sink.Count > 100_000 && sink.TryDequeue(out _))
                {
                }
            }
        }
    }
}
