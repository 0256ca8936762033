using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>Store failures: which ones callers see as UNAVAILABLE, the store timeout around every call, the outage log.</summary>
public sealed partial class RedisReportStore
{
    /// <summary>
    /// Failures the caller should see as UNAVAILABLE (retry later; nothing was stored): no connection,
    /// no answer in time, and the server errors of a store that is transiently unable to serve —
    /// a read-only replica after a failover (READONLY), a cluster down or resharding (CLUSTERDOWN,
    /// TRYAGAIN), a replica without its primary (MASTERDOWN), a dataset still loading (LOADING), out of
    /// memory (OOM).
    /// </summary>
    internal static bool IsStoreFailure(Exception e) =>
        e is RedisConnectionException or RedisTimeoutException or TimeoutException or ObjectDisposedException
        || (e is RedisServerException rse && IsTransientServerError(rse.Message))
        || (e is AggregateException ae && ae.InnerExceptions.Any(IsStoreFailure));

    private static readonly string[] s_transientServerErrors = ["READONLY", "CLUSTERDOWN", "TRYAGAIN", "MASTERDOWN", "LOADING", "OOM"];

    internal static bool IsTransientServerError(string message)
    {
        var prefix = message.AsSpan();
        var space = prefix.IndexOf(' ');
        prefix = space < 0 ? prefix : prefix[..space];
        foreach (var code in s_transientServerErrors)
        {
            if (prefix.Equals(code, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async Task<IDatabase> DatabaseAsync(CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        try
        {
            return (await _connection.GetAsync(cancellationToken)).GetDatabase();
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            throw Unavailable(operation, e);
        }
    }

    private async Task<T> Guard<T>(Task<T> task, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        try
        {
            // Bounded by the store timeout here, not only by StackExchange.Redis's own timeout check
            // (which runs on its heartbeat and fires up to a heartbeat late).
            return await task.WaitAsync(TimeSpan.FromMilliseconds(_options.TimeoutMilliseconds), cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            throw Unavailable(operation, e);
        }
    }

    private async Task Guard(Task task, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        try
        {
            await task.WaitAsync(TimeSpan.FromMilliseconds(_options.TimeoutMilliseconds), cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            throw Unavailable(operation, e);
        }
    }

    /// <summary>Counts the failure in the outage log (which logs the cause once per outage) and gives the caller the stable message.</summary>
    private StoreUnavailableException Unavailable(string operation, Exception cause)
    {
        _outages.Failed(operation, cause);
        return new StoreUnavailableException(cause);
    }
}
