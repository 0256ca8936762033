using System.Collections.Concurrent;
using Aggregator.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aggregator.Queries;

/// <summary>
/// Fans the store's write events (Redis pub/sub, published by every write script, so every replica
/// sees every write) out to the live watchers of this process. Watchers register the partitions they
/// depend on and get a callback; they coalesce callbacks themselves (latest wins).
/// </summary>
public sealed partial class ChangeNotifier(IReportStore store, ILogger<ChangeNotifier> logger) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<PartitionKey, ConcurrentDictionary<long, Action>> _watchers = new();
    private IAsyncDisposable? _subscription;
    private long _nextId;

    public int ActiveWatchers => _watchers.Values.Sum(w => w.Count);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            _subscription = await store.SubscribeAsync(OnWrite, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Watchers still poll; the subscription is retried by the multiplexer when it reconnects.
            LogSubscribeFailed(logger, ex);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _subscription, null) is { } subscription)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Calls <paramref name="onChange"/> after any write to one of <paramref name="partitions"/> until disposed.</summary>
    public IDisposable Watch(IEnumerable<PartitionKey> partitions, Action onChange)
    {
        var id = Interlocked.Increment(ref _nextId);
        var keys = partitions.Distinct().ToArray();
        foreach (var key in keys)
        {
            _watchers.GetOrAdd(key, _ => new ConcurrentDictionary<long, Action>())[id] = onChange;
        }

        return new Registration(this, keys, id);
    }

    private void OnWrite(PartitionKey partition, long revision)
    {
        if (_watchers.TryGetValue(partition, out var watchers))
        {
            foreach (var callback in watchers.Values)
            {
                callback();
            }
        }
    }

    [LoggerMessage(EventId = 3001, EventName = "WatchSubscribeFailed", Level = LogLevel.Warning, Message = "Could not subscribe to store events; live watchers fall back to polling.")]
    private static partial void LogSubscribeFailed(ILogger logger, Exception exception);

    private sealed class Registration(ChangeNotifier owner, PartitionKey[] keys, long id) : IDisposable
    {
        public void Dispose()
        {
            foreach (var key in keys)
            {
                if (owner._watchers.TryGetValue(key, out var watchers))
                {
                    watchers.TryRemove(id, out _);
                }
            }
        }
    }
}
