using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Grpc.Core;

namespace Aggregator.Benchmarks.Soak;

/// <summary>
/// One district of the soak: streams its submissions over <c>SubmitStream</c> (paced, a bounded window
/// unacknowledged), reconnects to the next server when the stream breaks and resends every
/// unacknowledged submission with its idempotency key, and records what it sent and what was
/// acknowledged (the ledger the end-of-run checks compare with the store).
/// </summary>
internal sealed class DistrictClient(string unit, int index, SoakOptions options, SoakServers servers)
{
    /// <summary>A stream with submissions in flight and no answer for this long is abandoned (and counted).</summary>
    private static readonly TimeSpan s_stuckAfter = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly List<string> _sentInOrder = [];
    private readonly HashSet<string> _sent = [];
    private readonly Dictionary<string, long> _acknowledged = [];
    private readonly HashSet<string> _refused = [];
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentDictionary<string, int> _streamEnds = new();
    private long _attempts;
    private long _replays;
    private long _retriableRefusals;
    private long _reconnects;
    private long _stuckStreams;
    private int _next;

    public string Unit { get; } = unit;

    public int Attempts => (int)Interlocked.Read(ref _attempts);

    public int Replays => (int)Interlocked.Read(ref _replays);

    public int RetriableRefusals => (int)Interlocked.Read(ref _retriableRefusals);

    public int Reconnects => (int)Interlocked.Read(ref _reconnects);

    public int StuckStreams => (int)Interlocked.Read(ref _stuckStreams);

    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>How the streams ended (status and the start of its detail) → count.</summary>
    public IReadOnlyDictionary<string, int> StreamEnds => _streamEnds;

    private void Ended(Exception e)
    {
        var reason = e is RpcException r ? r.StatusCode + " " + r.Status.Detail : e.GetType().Name + " " + e.Message;
        _streamEnds.AddOrUpdate(reason.Length > 90 ? reason[..90] : reason, 1, (_, n) => n + 1);
    }

    public IReadOnlyCollection<string> Sent
    {
        get
        {
            lock (_gate)
            {
                return [.. _sent];
            }
        }
    }

    /// <summary>Idempotency key → version of every accepted acknowledgement.</summary>
    public IReadOnlyDictionary<string, long> Acknowledged
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, long>(_acknowledged);
            }
        }
    }

    /// <summary>Keys refused for good (a status other than UNAVAILABLE / DEADLINE_EXCEEDED): never expected in the store.</summary>
    public IReadOnlyCollection<string> Refused
    {
        get
        {
            lock (_gate)
            {
                return [.. _refused];
            }
        }
    }

    /// <summary>Keys sent and neither acknowledged nor refused, oldest first.</summary>
    public List<string> Pending()
    {
        lock (_gate)
        {
            return [.. _sentInOrder.Where(k => !_acknowledged.ContainsKey(k) && !_refused.Contains(k))];
        }
    }

    /// <summary>Streams until <paramref name="stop"/>, reconnecting (to the next server) whenever the stream ends.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        var attempt = index;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await StreamOnceAsync(servers.Pick(attempt++), stop);
            }
            catch (Exception e) when (e is RpcException or IOException or OperationCanceledException or InvalidOperationException or HttpRequestException)
            {
                Ended(e);
            }

            if (stop.IsCancellationRequested)
            {
                break;
            }

            Interlocked.Increment(ref _reconnects);
            try
            {
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>After the run: sends every pending submission with unary <c>Submit</c> until each is answered (or <paramref name="giveUpAfter"/>).</summary>
    public async Task DrainAsync(TimeSpan giveUpAfter)
    {
        var deadline = DateTime.UtcNow + giveUpAfter;
        var attempt = index;
        foreach (var key in Pending())
        {
            while (true)
            {
                var server = servers.Pick(attempt);
                try
                {
                    Interlocked.Increment(ref _attempts);
                    var response = await server.Submissions.SubmitAsync(
                        Request(key),
                        new CallOptions(servers.Headers(Unit, Aggregator.Security.Roles.District), DateTime.UtcNow.AddSeconds(15)));
                    Answered(key, response.Acknowledgement);
                    break;
                }
                catch (RpcException e) when (IsRetriable(e.StatusCode) && DateTime.UtcNow < deadline)
                {
                    attempt++;
                    await Task.Delay(250);
                }
                catch (RpcException e)
                {
                    _errors.Enqueue($"{key}: drain Submit failed {e.StatusCode} {e.Status.Detail}");
                    break;
                }
            }
        }
    }

    private static bool IsRetriable(StatusCode code) =>
        code is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Cancelled or StatusCode.Internal or StatusCode.Unknown;

    private async Task StreamOnceAsync(SoakServer server, CancellationToken stop)
    {
        var queue = new ConcurrentQueue<string>(Pending());
        using var abort = new CancellationTokenSource();
        using var broken = CancellationTokenSource.CreateLinkedTokenSource(abort.Token);
        using var call = server.Submissions.SubmitStream(new CallOptions(servers.Headers(Unit, Aggregator.Security.Roles.District), cancellationToken: abort.Token));
        using var slots = new SemaphoreSlim(options.Window);
        var lastAnswer = Stopwatch.GetTimestamp();
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync(CancellationToken.None))
                {
                    Interlocked.Exchange(ref lastAnswer, Stopwatch.GetTimestamp());
                    var ack = response.Acknowledgement;
                    if (ack.Outcome == AckOutcome.Accepted || !IsRetriable((StatusCode)ack.StatusCode))
                    {
                        Answered(response.CorrelationId, ack);
                    }
                    else
                    {
                        Interlocked.Increment(ref _retriableRefusals);
                        queue.Enqueue(response.CorrelationId);
                    }

                    slots.Release();
                }

                Ended(new InvalidOperationException("stream ended OK"));
            }
            catch (Exception e) when (e is RpcException or IOException or OperationCanceledException or InvalidOperationException)
            {
                Ended(e);
            }
            finally
            {
                await broken.CancelAsync();
            }
        }, CancellationToken.None);
        var watchdog = Task.Run(async () =>
        {
            while (!broken.IsCancellationRequested)
            {
                await Task.Delay(1000, CancellationToken.None);
                if (slots.CurrentCount < options.Window && Stopwatch.GetElapsedTime(Interlocked.Read(ref lastAnswer)) > s_stuckAfter)
                {
                    Interlocked.Increment(ref _stuckStreams);
                    _errors.Enqueue($"{Unit}: a stream to {server.Name} answered nothing for {s_stuckAfter.TotalSeconds:0} s with {options.Window - slots.CurrentCount} in flight; abandoned");
                    await abort.CancelAsync();
                    return;
                }
            }
        }, CancellationToken.None);

        var interval = TimeSpan.FromSeconds(1 / options.RatePerDistrict);
        var nextSend = Stopwatch.GetTimestamp();
        try
        {
            while (!stop.IsCancellationRequested && !broken.IsCancellationRequested)
            {
                var wait = interval - Stopwatch.GetElapsedTime(nextSend);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, broken.Token).WaitAsync(stop);
                }

                nextSend = Stopwatch.GetTimestamp();
                await slots.WaitAsync(broken.Token).WaitAsync(stop);
                if (slots.CurrentCount == options.Window - 1)
                {
                    // Nothing else in flight: the watchdog counts from this send.
                    Interlocked.Exchange(ref lastAnswer, Stopwatch.GetTimestamp());
                }

                string? key = null;
                while (queue.TryDequeue(out var queued))
                {
                    if (!IsSettled(queued))
                    {
                        key = queued;
                        break;
                    }
                }

                key ??= NewKey();
                Interlocked.Increment(ref _attempts);
                await call.RequestStream.WriteAsync(new SubmitStreamRequest { CorrelationId = key, Submission = Request(key) }, broken.Token);
            }

            if (stop.IsCancellationRequested && !broken.IsCancellationRequested)
            {
                // End of the run: half-close and take the remaining acknowledgements (bounded).
                await call.RequestStream.CompleteAsync();
                await reader.WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is RpcException or IOException or OperationCanceledException or InvalidOperationException or TimeoutException)
        {
        }
        finally
        {
            await abort.CancelAsync();
            await reader;
            await watchdog;
        }
    }

    private bool IsSettled(string key)
    {
        lock (_gate)
        {
            return _acknowledged.ContainsKey(key) || _refused.Contains(key);
        }
    }

    private string NewKey()
    {
        var key = Unit + "#" + (++_next).ToString(CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _sent.Add(key);
            _sentInOrder.Add(key);
        }

        return key;
    }

    private void Answered(string key, Acknowledgement ack)
    {
        lock (_gate)
        {
            if (ack.Outcome != AckOutcome.Accepted)
            {
                _refused.Add(key);
                _errors.Enqueue($"{key}: refused {ack.StatusCode} {ack.StatusMessage}");
                return;
            }

            if (_acknowledged.TryGetValue(key, out var earlier) && earlier != ack.Version)
            {
                _errors.Enqueue($"{key}: acknowledged as version {earlier} and again as {ack.Version}");
            }

            _acknowledged[key] = ack.Version;
        }

        if (ack.Replayed)
        {
            Interlocked.Increment(ref _replays);
        }
    }

    /// <summary>The same report for the same key, whenever it is (re)sent: figures from a seed fixed by the key.</summary>
    private SubmitRequest Request(string key)
    {
        var seq = int.Parse(key[(key.LastIndexOf('#') + 1)..], CultureInfo.InvariantCulture);
        var random = new Random((index * 1_000_003) + seq);
        var report = SyntheticReports.Create(new UnitId(Unit), new ReportYear(options.Year), random, previous: null, scale: 20, narrativeLength: 40);
        return new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = key };
    }
}
