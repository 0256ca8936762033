using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Aggregator.Server.Internal;

/// <summary>
/// Runs a bidirectional stream of independent requests (<c>SubmitStream</c>, <c>BackfillStream</c>):
/// reads requests without waiting for their responses (at most <c>maxInFlight</c> in processing and as
/// many finished responses queued), writes each response as soon as it is ready (one writer), and on
/// server shutdown stops reading, finishes the responses in flight and ends the call UNAVAILABLE.
/// </summary>
/// <remarks>
/// <para>A stream that stops reading before the client half-closed never ends OK: the client may have
/// sent messages the server never read, which get no acknowledgement. After writing the responses of
/// every request it read, the call ends UNAVAILABLE (retryable), so a client that trusts OK loses
/// nothing: it resends what was not acknowledged, with the same idempotency keys.</para>
/// <para>When the client does not read its responses, the writer waits (HTTP/2 flow control), the queue
/// fills, the in-flight slots stay taken and reading stops: backpressure, bounded memory, until the
/// client reads, cancels, disconnects or its deadline passes.</para>
/// <para>When reading fails (a message over the size limit, a message that cannot be parsed), the
/// responses of the requests already read are still written, then the call fails with the read
/// failure: a client that reads gets every acknowledgement, then the status.</para>
/// <para>When the writer stops by itself (a write fails while the call is still alive), nothing waits
/// for it any more: the reader stops, queued and later responses are dropped, and the call fails with
/// the writer's exception. (Before, tasks waiting on the full queue and the reader waiting for a free
/// slot waited for the call to be cancelled, which a live client without a deadline never does.)</para>
/// </remarks>
internal static class StreamPump
{
    public static async Task RunAsync<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream,
        Func<TRequest, CancellationToken, Task<TResponse>> process,
        int maxInFlight,
        ILogger logger,
        CancellationToken stopping,
        CancellationToken callToken)
    {
        var inFlight = new SemaphoreSlim(maxInFlight);
        // Bounded: when the client stops reading, the tasks holding in-flight slots wait here, so the
        // reader stops instead of queueing responses without end.
        var responses = Channel.CreateBounded<TResponse>(new BoundedChannelOptions(maxInFlight)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // Cancelled when responses can no longer be delivered: the call ended, or the writer stopped.
        using var undeliverable = CancellationTokenSource.CreateLinkedTokenSource(callToken);
        var writerFailed = false;
        var writer = Task.Run(async () =>
        {
            try
            {
                // A write batch acknowledges hundreds of submissions at once: the responses already
                // waiting go out with BufferHint (no flush) and the last one flushes them all, so a batch
                // costs a few socket writes and HTTP/2 frames instead of one per acknowledgement (issue 16).
                var reader = responses.Reader;
                while (await reader.WaitToReadAsync(undeliverable.Token))
                {
                    while (reader.TryRead(out var response))
                    {
                        responseStream.WriteOptions = reader.TryPeek(out _) ? Buffered : null;
                        await responseStream.WriteAsync(response, undeliverable.Token);
                    }
                }
            }
            catch (Exception) when (!undeliverable.IsCancellationRequested)
            {
                writerFailed = true;
                await undeliverable.CancelAsync();
                throw;
            }
        }, CancellationToken.None);

        var pending = new List<Task>();
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(undeliverable.Token, stopping);
        Exception? readFailure = null;
        var stoppedReading = false;
        try
        {
            while (true)
            {
                await inFlight.WaitAsync(stopReading.Token);
                bool more;
                try
                {
                    more = await requestStream.MoveNext(stopReading.Token);
                }
                catch
                {
                    inFlight.Release();
                    throw;
                }

                if (!more)
                {
                    inFlight.Release();
                    break;
                }

                var message = requestStream.Current;
                // No cancellation token for Task.Run: the body always runs, so its slot is always released.
                pending.Add(Task.Run(async () =>
                {
                    try
                    {
                        var response = await process(message, callToken);
                        await responses.Writer.WriteAsync(response, undeliverable.Token);
                    }
                    finally
                    {
                        inFlight.Release();
                    }
                }, CancellationToken.None));
                if (pending.Count > 1024)
                {
                    pending.RemoveAll(t => t.IsCompletedSuccessfully);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !undeliverable.IsCancellationRequested)
        {
            stoppedReading = true;
            var inFlightCount = pending.Count(t => !t.IsCompleted);
            Log.StreamDraining(logger, inFlightCount);
        }
        catch (Exception e)
        {
            // A read failure (oversize or unparsable message) still lets the requests read finish and
            // their responses be written before the call fails with it; so does a cancellation, which
            // the tasks and the writer observe themselves.
            readFailure = e;
        }

        Exception? processFailure = null;
        try
        {
            await Task.WhenAll(pending);
        }
        catch (Exception e) when (!undeliverable.IsCancellationRequested)
        {
            processFailure = e;
        }
        catch (Exception)
        {
            // Responses dropped because they can no longer be delivered; the cause is reported below.
        }

        responses.Writer.TryComplete();
        Exception? writeFailure = null;
        try
        {
            await writer;
        }
        catch (Exception e)
        {
            writeFailure = e;
        }

        // The first cause wins: the writer's own failure (which stopped the reader), the call's
        // cancellation, the read failure, a failure processing a request.
        if (writerFailed)
        {
            ExceptionDispatchInfo.Throw(writeFailure!);
        }

        callToken.ThrowIfCancellationRequested();
        if (readFailure is not null)
        {
            ExceptionDispatchInfo.Throw(readFailure);
        }

        if (processFailure is not null)
        {
            ExceptionDispatchInfo.Throw(processFailure);
        }

        if (writeFailure is not null)
        {
            ExceptionDispatchInfo.Throw(writeFailure);
        }

        if (stoppedReading)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, ShutdownMessage));
        }
    }

    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    /// <summary>The status message of a stream ended by server shutdown before the client half-closed.</summary>
    public const string ShutdownMessage =
        "The server is shutting down and stopped reading this stream: every message it read has been acknowledged; "
        + "resend the messages without an acknowledgement (same idempotency keys).";
}
