using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Aggregator.Contracts.V1;
using Aggregator.Server.Telemetry;
using Aggregator.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Reliability.Tests.Infrastructure;

/// <summary>
/// The real server in-process (<see cref="AggregatorTestServer"/>) with the suite's two-city registry,
/// captured log records and a counter of this instance's <c>aggregator.auth.denied</c> measurements by reason.
/// </summary>
public sealed class InProcessServer : IAsyncDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _denied = new();
    private AggregatorTestServer? _server;

    private long _activeStreams;

    private readonly CapturingLoggerProvider _logs = new();

    private InProcessServer()
    {
    }

    public WebApplication App => Server.App;

    public string Address => Server.Address;

    public GrpcChannel Channel => Server.Channel;

    /// <summary>Every log record written through the host's logger factory.</summary>
    public ConcurrentQueue<LogEntry> Logs => _logs.Entries;

    public byte[] SigningKey => Server.SigningKey;

    public SubmissionService.SubmissionServiceClient Submissions => new(Channel);

    public QueryService.QueryServiceClient Queries => new(Channel);

    private AggregatorTestServer Server => _server ?? throw new InvalidOperationException("The server is not started.");

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
            ["Aggregator:RegistryPath"] = Path.Combine(AppContext.BaseDirectory, "TestData", "registry.yaml"),
            ["Aggregator:Redis:ConnectionString"] = redisConnectionString ?? "",
        };
        foreach (var (k, v) in overrides ?? new Dictionary<string, string?>())
        {
            settings[k] = v;
        }

        _server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-rel-inproc-",
            RedisTimeoutMilliseconds = null,
            SubmissionsPerSecond = 1_000_000,
            SubmissionBurst = 1_000_000,
            Settings = settings,
            ConfigureBuilder = builder =>
            {
                builder.Logging.SetMinimumLevel(LogLevel.Information);
                builder.Logging.AddProvider(_logs);
            },
        });

        // Before any call: the listener sees the instruments already published when it starts.
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
    }

    /// <summary>The <c>aggregator.auth.denied</c> total of this server for a reason (all reasons when null).</summary>
    public long Denied(string? reason = null) => reason is null ? _denied.Values.Sum() : _denied.GetValueOrDefault(reason);

    /// <summary>Open SubmitStream/BackfillStream calls (the <c>aggregator.streams.active</c> up-down counter).</summary>
    public long ActiveStreams => Interlocked.Read(ref _activeStreams);

    public string Token(string unit, string role) => Server.Token(unit, role);

    public CallOptions As(string unit, string role, int seconds = 30) => With(Token(unit, role), seconds);

    public static CallOptions With(string? token, int seconds = 30) => new(AggregatorTestServer.Authorization(token), DateTime.UtcNow.AddSeconds(seconds));

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }
}
