using System.Diagnostics;
using Grpc.Core;

namespace Aggregator.Benchmarks.Harness;

/// <summary>Outcome of one load run: how many were sent and answered, accepted, and how long it took.</summary>
internal sealed record LoadResult(int Sent, int Answered, int Accepted, TimeSpan Elapsed, string? FirstError)
{
    /// <summary>Accepted messages per second.</summary>
    public double Rate => Elapsed > TimeSpan.Zero ? Accepted / Elapsed.TotalSeconds : 0;
}

/// <summary>Load drivers shared by the echo baseline and the ingest runs, so both are driven identically.</summary>
internal static class Load
{
    /// <summary>
    /// <paramref name="streams"/> bidirectional calls; message i goes on stream i mod K. Each stream writes
    /// without waiting for answers (HTTP/2 flow control and the server's in-flight bound pace it) while a
    /// reader counts the answers. Time: first write to last answer.
    /// </summary>
    public static async Task<LoadResult> StreamAsync<TRequest, TResponse>(
        int streams,
        IReadOnlyList<TRequest> messages,
        Func<CancellationToken, AsyncDuplexStreamingCall<TRequest, TResponse>> open,
        Func<TResponse, (bool Accepted, string? Error)> judge,
        CancellationToken cancellationToken)
    {
        var accepted = 0;
        var answered = 0;
        string? firstError = null;
        var calls = Enumerable.Range(0, streams).Select(_ => open(cancellationToken)).ToArray();
        var start = Stopwatch.GetTimestamp();
        var tasks = calls.Select((call, k) => Task.Run(async () =>
        {
            var reader = Task.Run(async () =>
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
                {
                    Interlocked.Increment(ref answered);
                    var (ok, error) = judge(response);
                    if (ok)
                    {
                        Interlocked.Increment(ref accepted);
                    }
                    else
                    {
                        Interlocked.CompareExchange(ref firstError, error, null);
                    }
                }
            }, cancellationToken);
            for (var i = k; i < messages.Count; i += streams)
            {
                await call.RequestStream.WriteAsync(messages[i], cancellationToken);
            }

            await call.RequestStream.CompleteAsync();
            await reader;
        }, cancellationToken)).ToArray();
        try
        {
            await Task.WhenAll(tasks);
        }
        finally
        {
            foreach (var call in calls)
            {
                call.Dispose();
            }
        }

        return new LoadResult(messages.Count, answered, accepted, Stopwatch.GetElapsedTime(start), firstError);
    }

    /// <summary><paramref name="concurrency"/> workers, each making one unary call at a time until every message is sent.</summary>
    public static async Task<LoadResult> UnaryAsync<TRequest>(
        int concurrency,
        IReadOnlyList<TRequest> messages,
        Func<TRequest, CancellationToken, Task<(bool Accepted, string? Error)>> call,
        CancellationToken cancellationToken)
    {
        var next = -1;
        var accepted = 0;
        var answered = 0;
        string? firstError = null;
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < messages.Count)
            {
                (bool ok, string? error) result;
                try
                {
                    result = await call(messages[i], cancellationToken);
                }
                catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled)
                {
                    result = (false, e.StatusCode + ": " + e.Status.Detail);
                }

                Interlocked.Increment(ref answered);
                if (result.ok)
                {
                    Interlocked.Increment(ref accepted);
                }
                else
                {
                    Interlocked.CompareExchange(ref firstError, result.error, null);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        return new LoadResult(messages.Count, answered, accepted, Stopwatch.GetElapsedTime(start), firstError);
    }
}
