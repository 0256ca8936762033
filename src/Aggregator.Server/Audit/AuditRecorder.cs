using System.Net;
using System.Security.Claims;
using System.Threading.Channels;
using Aggregator.Domain.Audit;
using Aggregator.Security;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Microsoft.Extensions.Options;

namespace Aggregator.Server.Audit;

/// <summary>
/// Appends the audit entries that have no store write of their own — exports, token and permission
/// denials, submissions refused before the store — in the background: callers enqueue and go on; one
/// script call per trail per batch. Entries still queued when the server stops are written before it
/// exits; entries that cannot be written (store unavailable, queue full) are counted and logged
/// (<c>aggregator.audit.dropped</c>). Writes (submission, backfill, review) never go through here:
/// their entries are in the same script as the write.
/// </summary>
public sealed class AuditRecorder : IHostedService, IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly IAuditStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<AuditRecorder> _logger;
    private readonly Telemetry.AggregatorMetrics _metrics;
    private readonly Channel<(AuditTrail Trail, AuditEntry Entry)> _queue;
    private readonly Lazy<Task> _writer;

    public AuditRecorder(IAuditStore store, TimeProvider time, IOptions<AuditOptions> options, Telemetry.AggregatorMetrics metrics, ILogger<AuditRecorder> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _queue = Channel.CreateBounded<(AuditTrail, AuditEntry)>(
            new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite },
            _ => Dropped(1, "queue full"));
        _writer = new Lazy<Task>(() => Task.Run(WriterLoopAsync));
    }

    /// <summary>Now, by the server's clock (the entries' time).</summary>
    public DateTimeOffset Now => _time.GetUtcNow();

    /// <summary>Queues an entry for the trail of <paramref name="unitId"/>'s city in <paramref name="year"/> (the deployment trail when there is none).</summary>
    public void Record(string unitId, int year, AuditEntry entry)
    {
        if (!_store.AuditEnabled)
        {
            return;
        }

        _ = _writer.Value;
        _queue.Writer.TryWrite((_store.AuditTrailOf(unitId, year), entry));
    }

    /// <summary>Queues an entry for the deployment-wide trail.</summary>
    public void RecordDeployment(AuditEntry entry)
    {
        if (!_store.AuditEnabled)
        {
            return;
        }

        _ = _writer.Value;
        _queue.Writer.TryWrite((AuditTrail.Deployment, entry));
    }

    private async Task WriterLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<(AuditTrail Trail, AuditEntry Entry)>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            foreach (var group in batch.GroupBy(b => b.Trail))
            {
                var entries = group.Select(g => g.Entry).ToList();
                try
                {
                    await _store.AppendAuditAsync(group.Key, entries);
                }
                catch (Exception e) when (e is StoreException or OperationCanceledException)
                {
                    Dropped(entries.Count, e.Message);
                }
            }
        }
    }

    private void Dropped(int count, string why)
    {
        _metrics.AuditDropped(count);
        Log.AuditDropped(_logger, count, why);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>Stops accepting entries and writes those queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
    }
}
