using System.Diagnostics;
using System.Threading.Channels;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Storage.Records;
using Aggregator.Domain.UnitYears;
using Google.Protobuf;
using StackExchange.Redis;
using Contract = Aggregator.Contracts.V1;

namespace Aggregator.Storage.Redis;

/// <summary>Group commit: submissions queue, are taken in batches and written one script call per partition, made durable once, then acknowledged.</summary>
public sealed partial class RedisReportStore
{
    public async Task<Acknowledgement> SubmitAsync(SubmissionCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var partition = PartitionOf(command.Update.Unit, command.Update.Year);
        _ = _writer.Value;

        // The store timeout bounds the whole call, queueing included: behind a batch stalled on an
        // unresponsive store, a submission would otherwise wait for that batch's timeout and then for
        // its own (seen: 6 s against a 2 s timeout). Past it the caller gets UNAVAILABLE (outcome
        // unknown: retry with the same idempotency key), and the writer skips it if it is still queued.
        var timeout = TimeSpan.FromMilliseconds(_options.TimeoutMilliseconds);
        // Real time (an I/O timeout, like StackExchange.Redis's), not the injected business clock.
        var pending = new PendingSubmission(partition, command, timeout, cancellationToken);
        try
        {
            await _queue.Writer.WriteAsync(pending, cancellationToken).AsTask().WaitAsync(timeout, cancellationToken);
            return await pending.Completion.Task.WaitAsync(pending.Remaining, cancellationToken);
        }
        catch (ChannelClosedException e)
        {
            throw new StoreUnavailableException("The server is shutting down.", e);
        }
        catch (TimeoutException e)
        {
            pending.Completion.TrySetException(e);
            throw Unavailable(nameof(SubmitAsync), e);
        }
    }

    private async Task WriterLoopAsync()
    {
        var reader = _queue.Reader;
        var batch = new List<PendingSubmission>(_options.MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            var bytes = 0L;
            var full = TakeInto(batch, ref bytes);
            if (!full && _options.GroupCommitWindow > TimeSpan.Zero)
            {
                await Task.Delay(_options.GroupCommitWindow);
                TakeInto(batch, ref bytes);
            }

            _telemetry.RecordBatch(batch.Count, bytes);
            try
            {
                await ProcessBatchAsync(batch);
            }
            catch (Exception e)
            {
                Log.WriterFailed(_logger, e);
                foreach (var p in batch)
                {
                    p.Completion.TrySetException(new StoreException(StoreErrorKind.Internal, "The submission could not be processed.", e));
                }
            }
        }
    }

    /// <summary>
    /// Moves queued submissions into <paramref name="batch"/> up to <see cref="RedisStoreOptions.MaxBatch"/>
    /// submissions and <see cref="RedisStoreOptions.MaxBatchBytes"/> bytes (a first submission larger
    /// than that goes alone); true when the batch is full.
    /// </summary>
    private bool TakeInto(List<PendingSubmission> batch, ref long bytes)
    {
        var reader = _queue.Reader;
        while (reader.TryPeek(out var next))
        {
            if (batch.Count >= _options.MaxBatch || (batch.Count > 0 && bytes + next.Bytes > _options.MaxBatchBytes))
            {
                return true;
            }

            reader.TryRead(out _);
            batch.Add(next);
            bytes += next.Bytes;
        }

        return batch.Count >= _options.MaxBatch || bytes >= _options.MaxBatchBytes;
    }

    private async Task ProcessBatchAsync(List<PendingSubmission> batch)
    {
        var live = new List<PendingSubmission>(batch.Count);
        foreach (var p in batch)
        {
            if (p.Cancellation.IsCancellationRequested)
            {
                p.Completion.TrySetCanceled(p.Cancellation);
            }
            else if (p.Completion.Task.IsCompleted || p.Remaining == TimeSpan.Zero)
            {
                // Its caller already got UNAVAILABLE (store timeout): not written.
                p.Completion.TrySetException(new TimeoutException("The submission waited past the store timeout."));
            }
            else
            {
                live.Add(p);
            }
        }

        try
        {
            var db = (await _connection.GetAsync()).GetDatabase();
            for (var round = 0; round < MaxRounds && live.Count > 0; round++)
            {
                live = await RoundAsync(db, live);
            }

            foreach (var p in live)
            {
                p.Completion.TrySetResult(Rejected(p, RejectionReason.KeptChanging,
                    "The unit-year kept changing concurrently; the submission was not stored. Retry with the same idempotency key."));
            }
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            _outages.Failed("write of a batch of submissions", e, live.Count);
            foreach (var p in live)
            {
                p.Completion.TrySetException(new StoreUnavailableException(e));
            }
        }
    }

    /// <summary>One read–validate–write round; returns the submissions whose compare-and-set failed.</summary>
    private async Task<List<PendingSubmission>> RoundAsync(IDatabase db, List<PendingSubmission> live)
    {
        var start = Stopwatch.GetTimestamp();

        // Read 1: heads, idempotency records, previous year's heads: one HMGET per hash (pipelined).
        var reads = new HashReads(db);
        var headTasks = new Task<RedisValue>[live.Count];
        var idemTasks = new Task<RedisValue>[live.Count];
        var prevHeadTasks = new Task<RedisValue>?[live.Count];
        var firstOfUnit = new Dictionary<(PartitionKey, UnitId), int>(live.Count);
        for (var i = 0; i < live.Count; i++)
        {
            var p = live[i];
            idemTasks[i] = reads.Get(RedisKeys.Idempotency(p.Partition), RedisKeys.SubmissionKeyField(p.Unit, p.Command.IdempotencyKey));
            if (firstOfUnit.TryGetValue((p.Partition, p.Unit), out var first))
            {
                // Several submissions of one unit: read its head once.
                headTasks[i] = headTasks[first];
                prevHeadTasks[i] = prevHeadTasks[first];
                continue;
            }

            firstOfUnit[(p.Partition, p.Unit)] = i;
            headTasks[i] = reads.Get(RedisKeys.Heads(p.Partition), p.Unit.Value);
            prevHeadTasks[i] = p.PreviousPartition is { } pp ? reads.Get(RedisKeys.Heads(pp), p.Unit.Value) : null;
        }

        reads.Send();
        await Task.WhenAll(headTasks.Concat(idemTasks).Concat(prevHeadTasks.Where(t => t is not null))!);

        // An idempotency record replays only when the head shows its version: a record whose version
        // the head does not show was left by a write that never completed, and is written again.
        var incomplete = new bool[live.Count];
        for (var i = 0; i < live.Count; i++)
        {
            if (!idemTasks[i].Result.IsNull && Replay(idemTasks[i].Result) is { Outcome: AckOutcome.Accepted } stale
                && stale.Version > UnitHead.Parse(headTasks[i].Result).SubmissionVersion)
            {
                incomplete[i] = true;
                idemTasks[i] = Task.FromResult(RedisValue.Null);
            }
        }

        // Read 2: the stored blobs the merge and the Y-rules need (one HMGET per hash).
        var blobReads2 = new HashReads(db);
        var blobTasks = new Task<RedisValue>?[live.Count];
        var prevBlobTasks = new Task<RedisValue>?[live.Count];
        var heads = new UnitHead[live.Count];
        var blobReads = new HashSet<(PartitionKey, UnitId)>(live.Count);
        for (var i = 0; i < live.Count; i++)
        {
            var p = live[i];
            if (!idemTasks[i].Result.IsNull)
            {
                continue;
            }

            heads[i] = UnitHead.Parse(headTasks[i].Result);
            if (!blobReads.Add((p.Partition, p.Unit)))
            {
                // Only the first submission of a unit in the round reads the blobs (the rest chain on it).
                continue;
            }

            if (heads[i].SubmissionVersion > 0)
            {
                blobTasks[i] = blobReads2.Get(RedisKeys.Blobs(p.Partition), RedisKeys.BlobField(p.Unit, RecordSource.Submission, heads[i].SubmissionVersion));
            }

            if (prevHeadTasks[i] is { } ph && !ph.Result.IsNull)
            {
                var prevHead = UnitHead.Parse(ph.Result);
                var (src, v) = EffectiveVersion(prevHead);
                if (v > 0)
                {
                    prevBlobTasks[i] = blobReads2.Get(RedisKeys.Blobs(p.PreviousPartition!.Value), RedisKeys.BlobField(p.Unit, src, v));
                }
            }
        }

        blobReads2.Send();
        await Task.WhenAll(blobTasks.Concat(prevBlobTasks).Where(t => t is not null)!);

        // Validate and prepare the writes. Submissions of one unit chain on each other in arrival
        // order; different units are independent and validated in parallel.
        var now = _time.GetUtcNow();
        var outcomes = new Prepared[live.Count];
        var chains = new List<List<int>>(live.Count);
        var chainOf = new Dictionary<(PartitionKey, UnitId), List<int>>(live.Count);
        for (var i = 0; i < live.Count; i++)
        {
            if (!idemTasks[i].Result.IsNull)
            {
                outcomes[i] = new Prepared(Replay(idemTasks[i].Result), null);
                continue;
            }

            var key = (live[i].Partition, live[i].Unit);
            if (!chainOf.TryGetValue(key, out var list))
            {
                list = [];
                chainOf[key] = list;
                chains.Add(list);
            }

            list.Add(i);
        }

        void PrepareChain(List<int> indices)
        {
            var first = indices[0];
            AnnualReport? stored = null;
            if (blobTasks[first] is { } bt && !bt.Result.IsNull)
            {
                stored = ToDomain(BlobCodec.Decode(StoredVersion.Parser, (byte[])bt.Result!).Report);
            }

            var state = ((string?)headTasks[first].Result ?? "", new UnitYear(live[first].Unit, live[first].Partition.Year, heads[first], stored));
            AnnualReport? previousYear = null;
            if (prevBlobTasks[first] is { } pbt && !pbt.Result.IsNull)
            {
                previousYear = ToDomain(BlobCodec.Decode(StoredVersion.Parser, (byte[])pbt.Result!).Report);
            }

            foreach (var i in indices)
            {
                var prepared = Prepare(live[i], state, previousYear, now);
                if (incomplete[i] && prepared.Write is { } rewrite)
                {
                    prepared = prepared with { Write = rewrite with { Item = rewrite.Item with { OverrideIdempotency = true } } };
                }
                outcomes[i] = prepared;
                if (prepared.Write is { } w)
                {
                    state = (w.Item.NewHead, w.After);
                }
            }
        }

        if (chains.Count > 1)
        {
            Parallel.ForEach(chains, PrepareChain);
        }
        else if (chains.Count == 1)
        {
            PrepareChain(chains[0]);
        }

        var writes = new List<(PendingSubmission Pending, WriteItem Item, Acknowledgement Ack)>(live.Count);
        var replays = new List<(PendingSubmission Pending, Acknowledgement Ack)>();
        var refusals = new List<(PendingSubmission Pending, Acknowledgement Ack)>();
        for (var i = 0; i < live.Count; i++)
        {
            if (outcomes[i].Write is { } w)
            {
                writes.Add((live[i], _audit.Enabled ? w.Item with { Audit = SubmissionAudit(live[i], w.Ack, now) } : w.Item, w.Ack));
            }
            else if (outcomes[i].Immediate is { Replayed: true } replay)
            {
                replays.Add((live[i], replay));
            }
            else if (_audit.Enabled)
            {
                // Refused by the store's checks: answered once its audit entry is written with the batch.
                refusals.Add((live[i], outcomes[i].Immediate!));
            }
            else
            {
                live[i].Completion.TrySetResult(outcomes[i].Immediate!);
            }
        }

        var conflicts = new List<PendingSubmission>();
        if (writes.Count == 0 && refusals.Count == 0)
        {
            if (replays.Count > 0)
            {
                // A replayed acknowledgement promises what the first one did: the version is durable.
                // The write it replays may have failed at the commit (the client got UNAVAILABLE and
                // retried), so commit before answering.
                await _connection.CommitAsync(db, replays.Select(r => r.Pending.Partition).Distinct());
                foreach (var (pending, ack) in replays)
                {
                    pending.Completion.TrySetResult(ack);
                }
            }

            return conflicts;
        }

        // Write: one script call per partition (its writes, their audit entries and the audit entries of
        // its refusals), pipelined; then durable once; then acknowledge.
        var groups = writes.GroupBy(w => w.Pending.Partition).ToList();
        var refusalEntries = refusals.GroupBy(r => r.Pending.Partition)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(r => SubmissionAudit(r.Pending, r.Ack, now))]);
        var evals = groups.Select(g => ApplyAsync(db, g.Key, [.. g.Select(w => w.Item)], _audit.MaxEntriesPerTrail,
            refusalEntries.Remove(g.Key, out var entries) ? entries : [])).ToList();
        evals.AddRange(refusalEntries.Select(r => ApplyAsync(db, r.Key, [], _audit.MaxEntriesPerTrail, r.Value)));
        var results = await Task.WhenAll(evals);
        await _connection.CommitAsync(db, groups.Select(g => g.Key).Concat(refusals.Select(r => r.Pending.Partition)).Concat(replays.Select(r => r.Pending.Partition)).Distinct());
        _telemetry.RecordRoundTrip("submit", Stopwatch.GetElapsedTime(start));
        foreach (var (pending, ack) in replays.Concat(refusals))
        {
            pending.Completion.TrySetResult(ack);
        }

        for (var g = 0; g < groups.Count; g++)
        {
            var members = groups[g].ToList();
            var codes = results[g];
            for (var j = 0; j < members.Count; j++)
            {
                var (pending, _, ack) = members[j];
                switch (codes[j].Code)
                {
                    case LuaScripts.Written:
                        pending.Completion.TrySetResult(ack);
                        break;
                    case LuaScripts.Replayed:
                        pending.Completion.TrySetResult(Replay(codes[j].Bytes));
                        break;
                    default:
                        conflicts.Add(pending);
                        break;
                }
            }
        }

        return conflicts;
    }

    private sealed class PendingSubmission(PartitionKey partition, SubmissionCommand command, TimeSpan timeout, CancellationToken cancellation)
    {
        private readonly long _queued = Stopwatch.GetTimestamp();

        /// <summary>What is left of the store timeout (zero once past it: its caller has been answered UNAVAILABLE and the writer skips it).</summary>
        public TimeSpan Remaining => timeout - Stopwatch.GetElapsedTime(_queued) is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero;

        public PartitionKey Partition { get; } = partition;

        public PartitionKey? PreviousPartition { get; } =
            partition.Year.Value > ReportYear.Min ? partition with { Year = partition.Year.Previous } : null;

        public UnitId Unit => Command.Update.Unit;

        public SubmissionCommand Command { get; } = command;

        private readonly (Contract.Report Report, long Bytes) _mapped = Map(command.Update);

        /// <summary>The update as its contract message, mapped on the caller's thread (not the writer's).</summary>
        public Contract.Report Report => _mapped.Report;

        /// <summary>What the submission counts for against <see cref="RedisStoreOptions.MaxBatchBytes"/>: the protobuf size of its report.</summary>
        public long Bytes => _mapped.Bytes;

        public CancellationToken Cancellation { get; } = cancellation;

        public TaskCompletionSource<Acknowledgement> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private static (Contract.Report, long) Map(AnnualReport update)
        {
            var report = ReportMapper.ToProto(update);
            return (report, report.CalculateSize());
        }
    }
}
