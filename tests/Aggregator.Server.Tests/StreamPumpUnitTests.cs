using Aggregator.Server.Internal;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;

namespace Aggregator.Server.Tests;

/// <summary>
/// The stream pump behind SubmitStream and BackfillStream with fake streams: a read failure still
/// delivers the responses of the requests read, a writer that stops does not leave the call waiting,
/// a client that does not read stops the reading, shutdown drains. Every wait is bounded, so a
/// regression fails instead of hanging.
/// </summary>
public sealed class StreamPumpUnitTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ReadFails_ResponsesOfRequestsReadWrittenThenReadFailureThrown()
    {
        var reader = new FakeReader(5, new RpcException(new Status(StatusCode.ResourceExhausted, "too big")));
        var writer = new FakeWriter();

        var ex = await Assert.ThrowsAsync<RpcException>(() => RunAsync(reader, writer, 4, slowly: true).WaitAsync(s_bound));

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        Assert.Equal([0, 1, 2, 3, 4], writer.Written.Order());
    }

    [Fact]
    public async Task WriterFails_ReaderStopsAndCallFailsWithWritersException()
    {
        // An endless request stream; the first write fails although the call is not cancelled.
        var reader = new FakeReader(int.MaxValue);
        var writer = new FakeWriter { FailOnWrite = true };

        var ex = await Assert.ThrowsAsync<IOException>(() => RunAsync(reader, writer, 4).WaitAsync(s_bound));

        Assert.Equal("write failed", ex.Message);
        Assert.True(reader.Read <= 3 * 4, reader.Read + " requests read");
    }

    [Fact]
    public async Task ClientNotReading_ReadingStopsThenCancellationEndsTheCall()
    {
        var reader = new FakeReader(int.MaxValue);
        var writer = new FakeWriter { Block = true };
        using var call = new CancellationTokenSource();

        var run = RunAsync(reader, writer, 4, callToken: call.Token);
        int read;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            read = reader.Read;
            await Task.Delay(300);
        }
        while (reader.Read != read && watch.Elapsed < s_bound);

        // One in the blocked writer, four queued, four waiting to queue: reading has stopped.
        Assert.Equal(read, reader.Read);
        Assert.True(read <= (2 * 4) + 2, read + " requests read");
        Assert.False(run.IsCompleted);
        await call.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(s_bound));
    }

    [Fact]
    public async Task Stopping_StopsReadingAnswersEveryRequestReadAndEndsUnavailable()
    {
        var reader = new FakeReader(int.MaxValue) { Delay = TimeSpan.FromMilliseconds(5) };
        var writer = new FakeWriter();
        using var stopping = new CancellationTokenSource();

        var run = RunAsync(reader, writer, 4, slowly: true, stopping: stopping.Token);
        await Task.Delay(300);
        await stopping.CancelAsync();
        var e = await Assert.ThrowsAsync<RpcException>(() => run.WaitAsync(s_bound));

        // The client had not half-closed: ending OK would tell it that every message it sent was answered.
        Assert.Equal(StatusCode.Unavailable, e.StatusCode);
        Assert.Equal(Enumerable.Range(0, reader.Read), writer.Written.Order());
    }

    [Fact]
    public async Task ResponsesReadyTogether_BufferedThenFlushedByTheLast()
    {
        // Eight requests finish while the writer is busy with the first response (as when a write batch
        // acknowledges many at once): the responses waiting behind another go out without a flush, and
        // the last one flushes them all. The writer is held on its first write until the eight are
        // done; whether they are already queued when it is let go depends on the thread pool, so the
        // scenario runs until buffering is seen (bounded), and every run must end with a flush.
        const int requests = 8;
        var sawBuffered = false;
        for (var attempt = 0; attempt < 20 && !sawBuffered; attempt++)
        {
            var reader = new FakeReader(requests);
            var writer = new FakeWriter { HoldFirstWrite = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
            var done = 0;
            var run = StreamPump.RunAsync<int, int>(reader, writer, (n, ct) =>
            {
                Interlocked.Increment(ref done);
                return Task.FromResult(n);
            }, requests, NullLogger.Instance, default, default);

            var watch = System.Diagnostics.Stopwatch.StartNew();
            while ((Volatile.Read(ref done) < requests || !writer.FirstWriteStarted) && watch.Elapsed < s_bound)
            {
                await Task.Delay(5);
            }

            await Task.Delay(50 * (attempt + 1));
            writer.HoldFirstWrite.SetResult();
            await run.WaitAsync(s_bound);

            Assert.Equal(Enumerable.Range(0, requests), writer.Written.Order());
            Assert.True(writer.Flushed[^1], "the last response must be flushed");
            sawBuffered = writer.Flushed.Contains(false);
        }

        Assert.True(sawBuffered, "responses queued behind another were flushed one by one");
    }

    [Fact]
    public async Task ResponsesOneByOne_EachFlushed()
    {
        var reader = new FakeReader(5) { Delay = TimeSpan.FromMilliseconds(20) };
        var writer = new FakeWriter();

        await RunAsync(reader, writer, 1).WaitAsync(s_bound);

        Assert.Equal([0, 1, 2, 3, 4], writer.Written);
        Assert.All(writer.Flushed, Assert.True);
    }

    private static Task RunAsync(FakeReader reader, FakeWriter writer, int maxInFlight, bool slowly = false, CancellationToken stopping = default, CancellationToken callToken = default) =>
        StreamPump.RunAsync<int, int>(reader, writer, async (n, ct) =>
        {
            if (slowly)
            {
                await Task.Delay(Random.Shared.Next(1, 30), ct);
            }

            return n;
        }, maxInFlight, NullLogger.Instance, stopping, callToken);

    /// <summary>Requests 0, 1, … (<c>count</c> of them), then <c>failure</c> or the end of the stream.</summary>
    private sealed class FakeReader(int count, Exception? failure = null) : IAsyncStreamReader<int>
    {
        private int _read;

        public int Current { get; private set; }

        public int Read => Volatile.Read(ref _read);

        public TimeSpan Delay { get; init; }

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            if (_read >= count)
            {
                return failure is null ? false : throw failure;
            }

            Current = _read;
            Interlocked.Increment(ref _read);
            return true;
        }
    }

    private sealed class FakeWriter : IServerStreamWriter<int>
    {
        private readonly List<int> _written = [];
        private readonly List<bool> _flushed = [];

        public bool FailOnWrite { get; init; }

        public bool Block { get; init; }

        /// <summary>When set, the first write waits for it (after <see cref="FirstWriteStarted"/> turns true).</summary>
        public TaskCompletionSource? HoldFirstWrite { get; init; }

        public bool FirstWriteStarted => Volatile.Read(ref _firstWriteStarted);

        private bool _firstWriteStarted;

        public WriteOptions? WriteOptions { get; set; }

        public IReadOnlyList<int> Written
        {
            get
            {
                lock (_written)
                {
                    return [.. _written];
                }
            }
        }

        /// <summary>Per write, whether it was flushed (no <see cref="WriteFlags.BufferHint"/>), as grpc-dotnet decides.</summary>
        public IReadOnlyList<bool> Flushed
        {
            get
            {
                lock (_written)
                {
                    return [.. _flushed];
                }
            }
        }

        public Task WriteAsync(int message) => WriteAsync(message, CancellationToken.None);

        public async Task WriteAsync(int message, CancellationToken cancellationToken)
        {
            if (FailOnWrite)
            {
                throw new IOException("write failed");
            }

            if (Block)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (HoldFirstWrite is { } hold && !Volatile.Read(ref _firstWriteStarted))
            {
                Volatile.Write(ref _firstWriteStarted, true);
                await hold.Task.WaitAsync(cancellationToken);
            }

            lock (_written)
            {
                _written.Add(message);
                _flushed.Add(((WriteOptions?.Flags ?? default) & WriteFlags.BufferHint) == 0);
            }
        }
    }
}
