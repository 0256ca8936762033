using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;

namespace Aggregator.Testing;

/// <summary>How <see cref="AggregatorTestServer"/> hosts the server. Defaults: the server tests' host.</summary>
public sealed record AggregatorTestServerOptions
{
    /// <summary>Prefix of the temporary data directory's name. Default <c>agg-server-</c>.</summary>
    public string DirectoryPrefix { get; init; } = "agg-server-";

    /// <summary>The host environment. Default <c>Development</c>.</summary>
    public string EnvironmentName { get; init; } = "Development";

    /// <summary>Starts a <see cref="RedisServerProcess"/> and connects the server to it; else the server runs embedded Garnet. Default false.</summary>
    public bool UseRedisServer { get; init; }

    /// <summary>With <see cref="UseRedisServer"/>: the server's connection allows admin commands (INFO, CONFIG). Default false.</summary>
    public bool RedisAdmin { get; init; }

    /// <summary>
    /// Pins the embedded Garnet to a free port chosen up front (<c>Aggregator:Redis:EmbeddedPort</c>), so
    /// <see cref="AggregatorTestServer.StartStoreAsync"/> can start it again there; false leaves the server's default. Default true.
    /// </summary>
    public bool PinEmbeddedPort { get; init; } = true;

    /// <summary><c>Aggregator:Endpoints:Metrics</c>; "" (the default) turns <c>/metrics</c> off.</summary>
    public string MetricsEndpoint { get; init; } = "";

    /// <summary>
    /// <c>Aggregator:Redis:TimeoutMilliseconds</c>; null leaves the server's default. Default 10000: the
    /// first submission of a fresh server (JIT, connections, script load) can take seconds while the
    /// suite starts dozens of servers and stores on two cores, and a test server's first call failing
    /// UNAVAILABLE tests nothing; the tests of timeouts and outages set their own, shorter values.
    /// </summary>
    public int? RedisTimeoutMilliseconds { get; init; } = 10000;

    /// <summary><c>Aggregator:Limits:SubmissionsPerSecond</c>; null leaves the server's default. Default 100000.</summary>
    public int? SubmissionsPerSecond { get; init; } = 100_000;

    /// <summary>
    /// <c>Aggregator:Limits:MaxYearsAhead</c>; null leaves the server's default (1). Default 100: the
    /// suites use report years up to 2100 to keep their scenarios apart in a shared store.
    /// </summary>
    public int? MaxYearsAhead { get; init; } = 100;

    /// <summary><c>Aggregator:Limits:SubmissionBurst</c>; null leaves the server's default. Default 100000.</summary>
    public int? SubmissionBurst { get; init; } = 100_000;

    /// <summary>
    /// Per-caller limits (<c>Aggregator:Limits:MaxStreamsPerCaller</c>, <c>ReadsPerSecond</c>, <c>ReadBurst</c>,
    /// <c>ReviewsAndBackfillsPerSecond</c>, <c>ReviewAndBackfillBurst</c>) raised out of the way (default true):
    /// suites read and stream far more per unit than a real caller. <see cref="Settings"/> can set them back.
    /// </summary>
    public bool RelaxCallerLimits { get; init; } = true;

    /// <summary><c>Aggregator:Limits:MaxVersionsPerUnitYear</c>; null leaves the server's default. Default 1000000 (load and abuse tests resubmit one unit many times).</summary>
    public int? MaxVersionsPerUnitYear { get; init; } = 1_000_000;

    /// <summary>A registry written to <c>registry.yaml</c> in the data directory and set as <c>Aggregator:RegistryPath</c>; null: the server's default.</summary>
    public string? RegistryYaml { get; init; }

    /// <summary>Further settings, on top of the ones above.</summary>
    public IReadOnlyDictionary<string, string?>? Settings { get; init; }

    /// <summary>Called after the settings are added and before the server's own services (e.g. a fake clock, more configuration).</summary>
    public Action<WebApplicationBuilder>? ConfigureBuilder { get; init; }

    /// <summary>Options of <see cref="AggregatorTestServer.Channel"/>; null: the defaults.</summary>
    public GrpcChannelOptions? ChannelOptions { get; init; }

    /// <summary>Connects the store (starting embedded Garnet) before <see cref="AggregatorTestServer.StartAsync"/> returns, not on first use. Default false.</summary>
    public bool ConnectStore { get; init; }
}
