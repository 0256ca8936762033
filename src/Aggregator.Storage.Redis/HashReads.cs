using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>
/// Collects single-field hash reads and sends them as one HMGET per hash, so a group-commit round
/// costs a few commands per partition instead of several per submission.
/// </summary>
internal sealed class HashReads(IDatabase db)
{
    private readonly Dictionary<RedisKey, (List<RedisValue> Fields, List<TaskCompletionSource<RedisValue>> Waiters)> _byKey = [];

    public Task<RedisValue> Get(RedisKey key, RedisValue field)
    {
        if (!_byKey.TryGetValue(key, out var entry))
        {
            entry = ([], []);
            _byKey[key] = entry;
        }

        var waiter = new TaskCompletionSource<RedisValue>(TaskCreationOptions.RunContinuationsAsynchronously);
        entry.Fields.Add(field);
        entry.Waiters.Add(waiter);
        return waiter.Task;
    }

    public void Send()
    {
        foreach (var (key, (fields, waiters)) in _byKey)
        {
            _ = db.HashGetAsync(key, [.. fields]).ContinueWith(
                t =>
                {
                    for (var i = 0; i < waiters.Count; i++)
                    {
                        if (t.IsFaulted)
                        {
                            waiters[i].TrySetException(t.Exception!.InnerExceptions);
                        }
                        else if (t.IsCanceled)
                        {
                            waiters[i].TrySetCanceled();
                        }
                        else
                        {
                            waiters[i].TrySetResult(t.Result[i]);
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }
}
