using System.Threading.Channels;
using Aggregator.Domain;
using Aggregator.Domain.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>The Redis (or embedded Garnet) implementation of <see cref="IReportStore"/>.</summary>
/// <remarks>
/// One file per concern: <c>RedisReportStore.GroupCommit.cs</c> (queue, batches, rounds),
/// <c>.Submission.cs</c> (the checks of one submission and the write it becomes),
/// <c>.WriteScript.cs</c> (the compare-and-set script call and the durable commit),
/// <c>.Reads.cs</c> (heads, versions, partitions), <c>.History.cs</c> (versions and reviews of a unit-year),
/// <c>.Digests.cs</c> (reader caches), <c>.Events.cs</c> (write events, reminders),
/// <c>.Reviews.cs</c> (reviews and backfill), <c>.Failures.cs</c> (timeouts, UNAVAILABLE, outage log),
/// <c>.Audit.cs</c> (audit trails).
/// </remarks>
public sealed partial class RedisReportStore : IReportStore, IAuditStore, IAsyncDisposable
{
    private const int MaxRounds = 8;

    private readonly RedisConnection _connection;
    private readonly RegionTree _registry;
    private readonly TimeProvider _time;
    private readonly IStoreTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly StoreOutageLog _outages;
    private readonly RedisStoreOptions _options;
    private readonly AuditOptions _audit;
    private readonly Channel<PendingSubmission> _queue;
    private readonly Lazy<Task> _writer;

    public RedisReportStore(
        RedisConnection connection,
        RegionTree registry,
        IOptions<RedisStoreOptions> options,
        TimeProvider? time = null,
        IStoreTelemetry? telemetry = null,
        ILogger<RedisReportStore>? logger = null,
        StoreOutageLog? outages = null,
        IOptions<AuditOptions>? audit = null)
    {
        _connection = connection;
        _registry = registry;
        _options = options.Value;
        _audit = audit?.Value ?? new AuditOptions();
        _time = time ?? TimeProvider.System;
        _telemetry = telemetry ?? new NullStoreTelemetry();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _outages = outages ?? new StoreOutageLog(NullLogger<StoreOutageLog>.Instance, _time);
        _queue = Channel.CreateBounded<PendingSubmission>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = new Lazy<Task>(() => Task.Run(WriterLoopAsync));
    }

    public StoreKind Kind => _connection.Kind;

    public PartitionKey PartitionOf(UnitId unit, ReportYear year) => new(RegionTree.PartitionOf(_registry.Get(unit)).Id, year);

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var db = await DatabaseAsync(cancellationToken);
            await db.PingAsync().WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (IsStoreFailure(e) || e is StoreUnavailableException or RedisException)
        {
            return false;
        }
    }

    /// <summary>Stops accepting submissions and waits until every queued one is answered.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
    }
}
