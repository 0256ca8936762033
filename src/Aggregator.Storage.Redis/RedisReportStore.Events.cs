using Aggregator.Domain;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>Write events (one per write script) and the reminder claims.</summary>
public sealed partial class RedisReportStore
{
    public async Task<IAsyncDisposable> SubscribeAsync(Action<PartitionKey, long> handler, CancellationToken cancellationToken = default)
    {
        var mux = await _connection.GetAsync(cancellationToken);
        var subscriber = mux.GetSubscriber();
        void OnMessage(RedisChannel channel, RedisValue message)
        {
            if (RedisKeys.TryParseEvents(channel.ToString(), out var partition) && message.TryParse(out long revision))
            {
                try
                {
                    handler(partition, revision);
                }
                catch (Exception e)
                {
                    Log.EventHandlerFailed(_logger, e);
                }
            }
        }

        await Guard(subscriber.SubscribeAsync(RedisKeys.EventsPattern, OnMessage), cancellationToken);
        return new Subscription(subscriber, OnMessage);
    }

    private sealed class Subscription(ISubscriber subscriber, Action<RedisChannel, RedisValue> handler) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await subscriber.UnsubscribeAsync(RedisKeys.EventsPattern, handler);
            }
            catch (Exception e) when (IsStoreFailure(e))
            {
                // The connection is gone; the subscription is gone with it.
            }
        }
    }

    public async Task<bool> TryClaimReminderAsync(PartitionKey partition, UnitId unit, DateOnly day, string claimedAt, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        return await Guard(db.HashSetAsync(RedisKeys.Reminders(partition), RedisKeys.ReminderField(unit, day), claimedAt, When.NotExists), cancellationToken);
    }

    public async Task ReleaseReminderAsync(PartitionKey partition, UnitId unit, DateOnly day, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        await Guard(db.HashDeleteAsync(RedisKeys.Reminders(partition), RedisKeys.ReminderField(unit, day)), cancellationToken);
    }
}
