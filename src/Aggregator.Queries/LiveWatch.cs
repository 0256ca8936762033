using System.Diagnostics;
using System.Threading.Channels;
using Aggregator.Storage;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>
/// The live-watch scheduler: when a watched value is recomputed and sent, driven by the write events
/// of its partitions (<see cref="ChangeNotifier"/>) and a poll (<see cref="WatchOptions"/>).
/// </summary>
public sealed class LiveWatch(ChangeNotifier notifier, IOptions<WatchOptions> options)
{
    /// <summary>
    /// Sends the current value, then a new one after every relevant write (or poll), skipping values
    /// equal to the last sent. Events that arrive while a slow reader is being written to are
    /// coalesced into one recomputation: latest wins, nothing queues up.
    /// </summary>
    public async Task RunAsync<T>(
        IReadOnlyList<PartitionKey> partitions,
        Func<CancellationToken, Task<T>> compute,
        Func<T, ByteString> fingerprint,
        Func<T, Task> send,
        CancellationToken cancellationToken)
    {
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var registration = notifier.Watch(partitions, () => signal.Writer.TryWrite(true));
        ByteString? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var computedAt = Stopwatch.GetTimestamp();
            var value = await compute(cancellationToken);
            var print = fingerprint(value);
            if (last is null || !print.Equals(last))
            {
                await send(value);
                last = print;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(options.Value.PollInterval);
            try
            {
                await signal.Reader.ReadAsync(wait.Token);
                await SettleAsync(signal.Reader, computedAt, options.Value, cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Poll interval elapsed: re-check.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// After a write: recompute at once when the last computation is older than
    /// <see cref="WatchOptions.MaxDelay"/>; otherwise when writes pause for
    /// <see cref="WatchOptions.QuietPeriod"/>, and no later than <see cref="WatchOptions.MaxDelay"/>
    /// after the last computation. Writes meanwhile are coalesced (latest wins).
    /// </summary>
    private static async Task SettleAsync(ChannelReader<bool> signals, long computedAt, WatchOptions options, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = options.MaxDelay - Stopwatch.GetElapsedTime(computedAt);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(remaining < options.QuietPeriod ? remaining : options.QuietPeriod);
            try
            {
                await signals.ReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
