namespace Aggregator.Benchmarks.Soak;

/// <summary>The store a soak runs on.</summary>
internal enum SoakStore
{
    /// <summary>The server's embedded Garnet (in the server process, AOF in its data directory).</summary>
    Garnet,

    /// <summary>A redis-server child process (<c>appendfsync always</c>) shared by two server replicas.</summary>
    Redis,
}

/// <summary>The faults a soak injects.</summary>
internal enum FaultKind
{
    /// <summary>kill -9 of every server process, then a restart on the same data and ports.</summary>
    ServerKill,

    /// <summary>kill -9 of redis-server, then a restart on the same AOF.</summary>
    RedisKill,

    /// <summary>SIGSTOP of redis-server for <see cref="SoakOptions.StallSeconds"/>, then SIGCONT.</summary>
    RedisStall,

    /// <summary>kill -9 of one server replica while the other serves, then a restart of the killed one.</summary>
    ReplicaKill,
}

/// <summary>What a soak run does (command line of <c>soak</c>, see <see cref="BenchmarkProgram"/>).</summary>
internal sealed record SoakOptions
{
    /// <summary>How long the clients stream and the faults are injected, in minutes (default 30).</summary>
    public double Minutes { get; init; } = 30;

    /// <summary>Stores to run on, one after the other (default both).</summary>
    public IReadOnlyList<SoakStore> Stores { get; init; } = [SoakStore.Garnet, SoakStore.Redis];

    /// <summary>Seconds between two faults (default 60: one a minute).</summary>
    public double FaultEverySeconds { get; init; } = 60;

    /// <summary>Cities in the soak's registry; each has a city office watching its rollup (default 2).</summary>
    public int Cities { get; init; } = 2;

    /// <summary>Districts per city; each streams its submissions over SubmitStream (default 24).</summary>
    public int DistrictsPerCity { get; init; } = 24;

    /// <summary>Submissions per second per district (default 1.5: 72/s in all with the defaults).</summary>
    public double RatePerDistrict { get; init; } = 1.5;

    /// <summary>Unacknowledged submissions a district stream may have (default 8).</summary>
    public int Window { get; init; } = 8;

    /// <summary>How long redis-server stays stopped in a stall fault (default 10 s).</summary>
    public double StallSeconds { get; init; } = 10;

    /// <summary>The year reported.</summary>
    public int Year { get; init; } = 2040;

    /// <summary>Progress lines go here.</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;
}
