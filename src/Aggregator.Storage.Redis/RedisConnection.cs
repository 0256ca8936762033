using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

internal sealed class NullStoreTelemetry : IStoreTelemetry
{
    public void RecordRoundTrip(string operation, TimeSpan duration)
    {
    }
}

/// <summary>
/// The process's one multiplexer, to an external Redis or to an embedded Garnet started on first
/// use. Short timeouts and fail-fast backlog: calls fail quickly while the store is down, and the
/// multiplexer reconnects by itself.
/// </summary>
public sealed class RedisConnection : IAsyncDisposable
{
    private readonly RedisStoreOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;
    private ConnectionMultiplexer? _commitMultiplexer;
    private EmbeddedGarnet? _garnet;
    private ConfigurationOptions? _config;
    private StoreDurability _durability = StoreDurability.NotChecked;
    private int _checking;
    private long _lastCheck;

    public RedisConnection(IOptions<RedisStoreOptions> options, ILoggerFactory? loggerFactory = null)
    {
        _options = options.Value;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<RedisConnection>();
    }

    public StoreKind Kind => string.IsNullOrWhiteSpace(_options.ConnectionString) ? StoreKind.EmbeddedGarnet : StoreKind.Redis;

    /// <summary>The embedded Garnet's directory (null for an external Redis).</summary>
    public string? GarnetDirectory => Kind == StoreKind.EmbeddedGarnet ? Path.GetFullPath(Path.Combine(_options.DataDirectory, "garnet")) : null;

    /// <summary>The endpoint(s) connected to, once started.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>The multiplexer (after <see cref="GetAsync"/> or <see cref="StartAsync"/>).</summary>
    public IConnectionMultiplexer Multiplexer => _multiplexer ?? throw new InvalidOperationException("The store connection is not started.");

    /// <summary>The embedded Garnet (null for an external Redis).</summary>
    public EmbeddedGarnet? Garnet => _garnet;

    /// <summary>Starts Garnet if embedded and connects. Idempotent.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default) => await GetAsync(cancellationToken);

    public async ValueTask<IConnectionMultiplexer> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_multiplexer is { } m)
        {
            return m;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_multiplexer is { } existing)
            {
                return existing;
            }

            ConfigurationOptions config;
            if (Kind == StoreKind.EmbeddedGarnet)
            {
                var dir = GarnetDirectory!;
                _garnet = EmbeddedGarnet.Start(dir, _options.EmbeddedPort, new Internal.MinimumLevelLoggerFactory(_loggerFactory, LogLevel.Warning), _options.EmbeddedCheckpointSeconds);
                Log.EmbeddedGarnetStarted(_logger, _garnet.Endpoint, dir);
                config = ConfigurationOptions.Parse(_garnet.ConnectionString);
            }
            else
            {
                config = ConfigurationOptions.Parse(_options.ConnectionString);
            }

            Configure(config, _options.TimeoutMilliseconds);
            _config = config;
            Endpoint = string.Join(",", config.EndPoints.Select(e => e.ToString()));
            Log.RedisConnecting(_logger, Endpoint);
            var mux = await ConnectionMultiplexer.ConnectAsync(config);
            mux.ConnectionFailed += OnConnectionFailed;
            mux.ConnectionRestored += OnConnectionRestored;
            if (_garnet is not null)
            {
                // COMMITAOF gets its own connection with a longer timeout: the first commit after
                // Garnet (re)starts can take a second, and it must not hold up the replies of the
                // commands pipelined behind it on the main connection.
                var commitConfig = ConfigurationOptions.Parse(_garnet.ConnectionString);
                Configure(commitConfig, Math.Max(_options.TimeoutMilliseconds * 3, 5000));
                commitConfig.ClientName = "aggregator-commit";
                _commitMultiplexer = await ConnectionMultiplexer.ConnectAsync(commitConfig);
                try
                {
                    await _commitMultiplexer.GetDatabase().ExecuteAsync("COMMITAOF");
                }
                catch (RedisException)
                {
                    // Warm-up only.
                }
            }

            if (_garnet is not null)
            {
                _durability = StoreDurability.Embedded;
            }
            else
            {
                await CheckDurabilityAsync();
            }

            _multiplexer = mux;
            return mux;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        Log.ConnectionFailed(_logger, e.EndPoint, e.FailureType);
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        Log.ConnectionRestored(_logger, e.EndPoint);
        if (Kind == StoreKind.Redis && e.ConnectionType == ConnectionType.Interactive)
        {
            // The store may have been replaced or reconfigured (a failover, a restart with other settings).
            _ = CheckDurabilityAsync();
        }
    }

    /// <summary>The outcome of the last durability check (external Redis; the embedded Garnet is always durable).</summary>
    public StoreDurability Durability => _durability;

    /// <summary>
    /// The durability check's outcome; runs the check again first when the last one could not
    /// complete (the store was unreachable), at most every 2 seconds. Called by the readiness probe.
    /// </summary>
    public async Task<StoreDurability> GetDurabilityAsync()
    {
        if (_durability.CheckAgain && _config is not null && Environment.TickCount64 - Interlocked.Read(ref _lastCheck) > 2000)
        {
            await CheckDurabilityAsync();
        }

        return _durability;
    }

    /// <summary>Reads the store's settings (see <see cref="StoreDurability.CheckAsync"/>) and logs what it found.</summary>
    private async Task CheckDurabilityAsync()
    {
        if (_config is not { } config || Interlocked.Exchange(ref _checking, 1) == 1)
        {
            return;
        }

        try
        {
            Interlocked.Exchange(ref _lastCheck, Environment.TickCount64);
            var result = await StoreDurability.CheckAsync(config, _options.Durability);
            _durability = result;
            if (!result.Ready)
            {
                Log.StoreNotDurable(_logger, result.Reason);
            }
            else if (result.Reason.StartsWith("ACCEPTED", StringComparison.Ordinal))
            {
                Log.StoreDurabilityAccepted(_logger, result.Reason);
            }
            else
            {
                Log.StoreDurable(_logger, result.Reason);
            }
        }
        finally
        {
            Interlocked.Exchange(ref _checking, 0);
        }
    }

    /// <summary>The multiplexer settings the store relies on (fail fast, reconnect by itself).</summary>
    public static void Configure(ConfigurationOptions config, int timeoutMilliseconds)
    {
        config.AbortOnConnectFail = false;
        config.ConnectTimeout = timeoutMilliseconds;
        config.SyncTimeout = timeoutMilliseconds;
        config.AsyncTimeout = timeoutMilliseconds;
        config.ConnectRetry = 1;
        config.BacklogPolicy = BacklogPolicy.FailFast;
        config.ReconnectRetryPolicy = new LinearRetry(250);
        config.KeepAlive = 5;
    }

    /// <summary>
    /// Test-only: the next this-many commits fail as a lost connection would (after the writes they
    /// were to make durable were applied). Lets tests show that no acknowledgement, replayed or
    /// not, is answered without a commit that succeeded.
    /// </summary>
    internal int FailCommitsForTest;

    /// <summary>
    /// Makes every write made so far durable before it is acknowledged: one COMMITAOF on Garnet;
    /// on Redis (checked to run appendfsync always) the write is on disk already, and when replicas
    /// are configured each primary holding one of <paramref name="partitions"/> waits for them
    /// (WAITAOF, or WAIT before Redis 7.2). Fails (a <see cref="TimeoutException"/>, so UNAVAILABLE)
    /// when fewer replicas confirmed within <see cref="RedisDurabilityOptions.ReplicaTimeout"/>.
    /// </summary>
    internal async Task CommitAsync(IDatabase db, IEnumerable<PartitionKey> partitions)
    {
        if (Volatile.Read(ref FailCommitsForTest) > 0 && Interlocked.Decrement(ref FailCommitsForTest) >= 0)
        {
            throw new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "Commit failed (test switch).", null, CommandStatus.Unknown);
        }

        if (_options.UnsafeSkipDurableCommit && Environment.GetEnvironmentVariable(RedisStoreOptions.UnsafeSwitchesVariable) == "1")
        {
            return;
        }

        if (Kind == StoreKind.EmbeddedGarnet)
        {
            await (_commitMultiplexer?.GetDatabase() ?? db).ExecuteAsync("COMMITAOF");
            return;
        }

        if (_durability is { Replicas: > 0 } durability)
        {
            var servers = partitions.Select(p => db.Multiplexer.GetServer(RedisKeys.Heads(p))).DistinctBy(s => s.EndPoint.ToString());
            await Task.WhenAll(servers.Select(s => WaitForReplicasAsync(s, durability)));
        }
    }

    private async Task WaitForReplicasAsync(IServer server, StoreDurability durability)
    {
        var timeout = (long)_options.Durability.ReplicaTimeout.TotalMilliseconds;
        long confirmed;
        if (durability.WaitAof)
        {
            var result = (RedisResult[])(await server.ExecuteAsync("WAITAOF", 0, durability.Replicas, timeout))!;
            confirmed = (long)result[1];
        }
        else
        {
            confirmed = (long)await server.ExecuteAsync("WAIT", durability.Replicas, timeout);
        }

        if (confirmed < durability.Replicas)
        {
            throw new TimeoutException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"only {confirmed} of {durability.Replicas} replica(s) of {server.EndPoint} confirmed the batch within {timeout} ms (Aggregator:Redis:Durability:ReplicaTimeout); nothing was acknowledged"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_commitMultiplexer is { } c)
        {
            await c.CloseAsync(allowCommandsToComplete: true);
            c.Dispose();
            _commitMultiplexer = null;
        }

        if (_multiplexer is { } m)
        {
            await m.CloseAsync(allowCommandsToComplete: true);
            m.Dispose();
            _multiplexer = null;
        }

        _garnet?.Dispose();
        _garnet = null;
        _gate.Dispose();
    }
}
