using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading.Channels;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Registry;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Aggregator.Storage.Redis.Records;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Contract = Aggregator.Contracts.V1;
using VersionInfo = Aggregator.Contracts.V1.VersionInfo;

namespace Aggregator.Storage.Redis;

/// <summary>The Redis (or embedded Garnet) implementation of <see cref="IReportStore"/>.</summary>
public sealed partial class RedisReportStore : IReportStore, IAuditStore, IAsyncDisposable
{
    private const int MaxRounds = 8;

    private readonly RedisConnection _connection;
    private readonly RegionTree _registry;
    private readonly TimeProvider _time;
    private readonly IStoreTelemetry _telemetry;
    private readonly ILogger _logger;
    private readonly StoreOutageLog _outages;
    private readonly RedisStoreOptions _options;
    private readonly AuditOptions _audit;
    private readonly Channel<PendingSubmission> _queue;
    private readonly Lazy<Task> _writer;

    public RedisReportStore(
        RedisConnection connection,
        RegionTree registry,
        IOptions<RedisStoreOptions> options,
        TimeProvider? time = null,
        IStoreTelemetry? telemetry = null,
        ILogger<RedisReportStore>? logger = null,
        StoreOutageLog? outages = null,
        IOptions<AuditOptions>? audit = null)
    {
        _connection = connection;
        _registry = registry;
        _options = options.Value;
        _audit = audit?.Value ?? new AuditOptions();
        _time = time ?? TimeProvider.System;
        _telemetry = telemetry ?? new NullStoreTelemetry();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _outages = outages ?? new StoreOutageLog(NullLogger<StoreOutageLog>.Instance, _time);
        _queue = Channel.CreateBounded<PendingSubmission>(new BoundedChannelOptions(_options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = new Lazy<Task>(() => Task.Run(WriterLoopAsync));
    }

    public StoreKind Kind => _connection.Kind;

    public PartitionKey PartitionOf(UnitId unit, ReportYear year) => new(RegionTree.PartitionOf(_registry.Get(unit)).Id, year);

    // ---------------------------------------------------------------- submissions (group commit)

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
                    p.Completion.TrySetException(new StoreException(StatusCode.Internal, "The submission could not be processed.", e));
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
                p.Completion.TrySetResult(Rejected(p, StatusCode.Aborted,
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
        var firstOfUnit = new Dictionary<(PartitionKey, UnitId), int>();
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
        var blobReads = new HashSet<(PartitionKey, UnitId)>();
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
        var chains = new List<List<int>>();
        var chainOf = new Dictionary<(PartitionKey, UnitId), List<int>>();
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

            var state = ((string?)headTasks[first].Result ?? "", heads[first], stored);
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
                    state = (w.Item.NewHead, w.NewHead, w.Merged);
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

        var writes = new List<(PendingSubmission Pending, WriteItem Item, Acknowledgement Ack)>();
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

    private readonly record struct PreparedWrite(WriteItem Item, Acknowledgement Ack, UnitHead NewHead, AnnualReport Merged);

    private readonly record struct Prepared(Acknowledgement? Immediate, PreparedWrite? Write);

    /// <summary>Checks, merges, validates one submission against <paramref name="state"/> and builds its write.</summary>
    private static Prepared Prepare(PendingSubmission p, (string HeadText, UnitHead Head, AnnualReport? Report) state, AnnualReport? previousYear, DateTimeOffset now)
    {
        var head = state.Head;
        if (head.IsLocked)
        {
            return new Prepared(Rejected(p, StatusCode.FailedPrecondition,
                Messages.Server.Locked(p.Unit.Value, p.Partition.Year.Value, head.ReviewedVersion).In(p.Command.Language)), null);
        }

        if (head.SubmissionVersion >= p.Command.MaxVersions)
        {
            return new Prepared(Rejected(p, StatusCode.FailedPrecondition,
                Messages.Server.TooManyVersions(p.Unit.Value, p.Partition.Year.Value, head.SubmissionVersion, p.Command.MaxVersions).In(p.Command.Language)), null);
        }

        if (p.Command.ExpectedVersion is { } expected && expected != head.SubmissionVersion)
        {
            return new Prepared(Rejected(p, StatusCode.Aborted,
                $"expected_version {expected} is stale: the latest stored version of unit '{p.Unit}' for {p.Partition.Year} is {head.SubmissionVersion}. Nothing was stored."), null);
        }

        var merged = state.Report is null ? p.Command.Update : state.Report.MergeSections(p.Command.Update);
        var result = RuleEngine.Evaluate(merged, previousYear);
        if (!result.IsValid)
        {
            var rejected = Rejected(p, StatusCode.InvalidArgument,
                Messages.Server.RulesViolated(p.Unit.Value, p.Partition.Year.Value, result.Errors.Count()).In(p.Command.Language));
            rejected.Errors.AddRange(FindingMapper.ToProto(result.Errors));
            rejected.Warnings.AddRange(FindingMapper.ToProto(result.Warnings));
            rejected.NotAssessable.AddRange(FindingMapper.ToProto(result.NotAssessable));
            return new Prepared(rejected, null);
        }

        var warnings = result.Warnings.ToList();
        var version = head.SubmissionVersion + 1;
        var complete = merged.IsComplete;
        var newHead = head with
        {
            SubmissionVersion = version,
            ReviewState = ReviewState.Submitted,
            Sections = merged.Present,
            Complete = complete,
            FirstCompleteAt = head.FirstCompleteAt ?? (complete ? now : null),
            LastSubmittedAt = now,
            WarningCount = warnings.Count,
            ReviewReason = "",
            SubmissionCoreNotAssessed = UnitHead.CoreNotAssessed(result.NotAssessable),
        };
        var info = new VersionInfo
        {
            Version = version,
            Source = RecordSource.Submission,
            StoredAt = Timestamp.FromDateTimeOffset(now),
            StoredBy = p.Command.StoredBy,
            IdempotencyKey = p.Command.IdempotencyKey,
            WarningCount = warnings.Count,
        };
        info.Sections.AddRange(merged.Present.Codes());
        // A first version is the update itself: its report was already mapped to size the batch.
        var stored = new StoredVersion { Report = ReferenceEquals(merged, p.Command.Update) ? p.Report : ReportMapper.ToProto(merged), Info = info };
        stored.Findings.AddRange(FindingMapper.ToProto(warnings));
        var ack = new Acknowledgement
        {
            Outcome = AckOutcome.Accepted,
            Version = version,
            UnitId = p.Unit.Value,
            Year = p.Partition.Year.Value,
        };
        ack.Warnings.AddRange(stored.Findings);

        // The checks that did not run are stored with the version (kind NOT_ASSESSABLE) and kept in the
        // stored acknowledgement, so a replay and a later reader see them too.
        var notAssessable = FindingMapper.ToProto(result.NotAssessable).ToList();
        stored.Findings.AddRange(notAssessable);
        ack.NotAssessable.AddRange(notAssessable);
        var item = new WriteItem(
            p.Unit,
            state.HeadText,
            newHead.Format(),
            RedisKeys.SubmissionKeyField(p.Unit, p.Command.IdempotencyKey),
            ack.ToByteArray(),
            RedisKeys.BlobField(p.Unit, RecordSource.Submission, version),
            BlobCodec.Encode(stored),
            new HistoryEntry { Version = info }.ToByteArray());
        return new Prepared(null, new PreparedWrite(item, ack, newHead, merged));
    }

    /// <summary>The encoded audit entry of a submission's outcome (accepted with its version, or refused with the status).</summary>
    private static string SubmissionAudit(PendingSubmission p, Acknowledgement ack, DateTimeOffset now) =>
        new AuditEntry(now, AuditAction.Submit, ack.Outcome == AckOutcome.Accepted ? AuditOutcome.Succeeded : AuditOutcome.Refused,
            p.Command.Actor ?? AuditActor.OfSubject(p.Command.StoredBy), p.Unit.Value, p.Partition.Year.Value,
            ack.Outcome == AckOutcome.Accepted ? ack.Version : 0, p.Command.IdempotencyKey, ack.StatusCode, ack.StatusMessage).Encode();

    private static Acknowledgement Replay(RedisValue stored)
    {
        var ack = Acknowledgement.Parser.ParseFrom((byte[])stored!);
        ack.Replayed = true;
        return ack;
    }

    private static Acknowledgement Rejected(PendingSubmission p, StatusCode code, string message) => new()
    {
        Outcome = AckOutcome.Rejected,
        StatusCode = (int)code,
        StatusMessage = message,
        UnitId = p.Unit.Value,
        Year = p.Partition.Year.Value,
    };

    private static AnnualReport? ToDomain(Contract.Report? report) => report is null ? null : ReportMapper.ToDomain(report).Report;

    private static (RecordSource Source, long Version) EffectiveVersion(UnitHead head) =>
        head.SubmissionVersion > 0 ? (RecordSource.Submission, head.SubmissionVersion)
        : head.PublishedVersion > 0 ? (RecordSource.Published, head.PublishedVersion)
        : (RecordSource.Unspecified, 0);

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

    // ---------------------------------------------------------------- the write script

    /// <param name="OverrideIdempotency">
    /// Write even though the idempotency record exists: it was left by a write that never completed
    /// (its version is not visible in the head), so replaying it would acknowledge a version that is
    /// not stored.
    /// </param>
    /// <param name="Audit">The encoded audit entry appended when the item is written ("" = none).</param>
    internal readonly record struct WriteItem(
        UnitId Unit, string ExpectedHead, string NewHead, string IdempotencyField, byte[] Ack, string BlobField, byte[] Blob, byte[] History,
        bool OverrideIdempotency = false, string Audit = "");

    internal readonly record struct ItemResult(long Code, byte[] Bytes);

    /// <summary>One EVAL applying items to one partition and appending their audit entries and <paramref name="refusals"/> to its trail.</summary>
    internal static async Task<ItemResult[]> ApplyAsync(IDatabase db, PartitionKey partition, IReadOnlyList<WriteItem> items,
        int maxAuditEntries, IReadOnlyList<string> refusals)
    {
        var historyKeys = new Dictionary<UnitId, int>();
        var trail = new AuditTrail(partition);
        var keys = new List<RedisKey>
        {
            RedisKeys.Heads(partition), RedisKeys.Blobs(partition), RedisKeys.Idempotency(partition), RedisKeys.Revision(partition),
            RedisKeys.Audit(trail), RedisKeys.AuditHead(trail),
        };
        var args = new RedisValue[4 + (items.Count * LuaScripts.ApplyStride) + refusals.Count];
        args[0] = items.Count;
        var a = 1;
        foreach (var item in items)
        {
            if (!historyKeys.TryGetValue(item.Unit, out var index))
            {
                keys.Add(RedisKeys.History(partition, item.Unit));
                index = keys.Count;
                historyKeys[item.Unit] = index;
            }

            args[a++] = item.Unit.Value;
            args[a++] = item.ExpectedHead;
            args[a++] = item.NewHead;
            args[a++] = item.IdempotencyField;
            args[a++] = item.Ack;
            args[a++] = item.BlobField;
            args[a++] = item.Blob;
            args[a++] = index;
            args[a++] = item.History;
            args[a++] = item.OverrideIdempotency ? "1" : "0";
            args[a++] = item.Audit;
        }

        args[a++] = RedisKeys.Events(partition).ToString();
        args[a++] = maxAuditEntries;
        args[a++] = refusals.Count;
        foreach (var entry in refusals)
        {
            args[a++] = entry;
        }

        var result = await db.ScriptEvaluateAsync(LuaScripts.Apply, [.. keys], args);
        var array = (RedisResult[])result!;
        var outcome = new ItemResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var pair = (RedisResult[])array[i]!;
            outcome[i] = new ItemResult((long)pair[0], (byte[]?)pair[1] ?? []);
        }

        return outcome;
    }

    // ---------------------------------------------------------------- reads

    public async Task<UnitHead> GetHeadAsync(UnitId unit, ReportYear year, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var partition = PartitionOf(unit, year);
        var head = await Guard(db.HashGetAsync(RedisKeys.Heads(partition), unit.Value), cancellationToken);
        return UnitHead.Parse(head);
    }

    public async Task<StoredRecord?> GetAsync(UnitId unit, ReportYear year, long? version = null, RecordSource source = RecordSource.Unspecified, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var partition = PartitionOf(unit, year);
        var head = UnitHead.Parse(await Guard(db.HashGetAsync(RedisKeys.Heads(partition), unit.Value), cancellationToken));
        RecordSource src;
        long v;
        if (version is { } requested)
        {
            src = source == RecordSource.Unspecified ? EffectiveVersion(head).Source : source;
            v = requested;
        }
        else
        {
            (src, v) = source switch
            {
                RecordSource.Submission => (RecordSource.Submission, head.SubmissionVersion),
                RecordSource.Published => (RecordSource.Published, head.PublishedVersion),
                _ => EffectiveVersion(head),
            };
        }

        if (v <= 0 || src == RecordSource.Unspecified)
        {
            return null;
        }

        var blob = await Guard(db.HashGetAsync(RedisKeys.Blobs(partition), RedisKeys.BlobField(unit, src, v)), cancellationToken);
        return blob.IsNull ? null : new StoredRecord(head, BlobCodec.Decode(StoredVersion.Parser, (byte[])blob!));
    }

    public async Task<UnitHistory> ListVersionsAsync(UnitId unit, ReportYear year, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var partition = PartitionOf(unit, year);
        var headTask = db.HashGetAsync(RedisKeys.Heads(partition), unit.Value);
        var historyTask = db.ListRangeAsync(RedisKeys.History(partition, unit));
        var head = UnitHead.Parse(await Guard(headTask, cancellationToken));
        var entries = await Guard(historyTask, cancellationToken);
        // A version is listed once (its last entry) and only when the head makes it visible: an entry
        // left by a write that never completed (see LuaScripts.Apply) is not history. One pass over
        // the entries; the unit-year's versions are capped (Aggregator:Limits:MaxVersionsPerUnitYear).
        var versions = new Dictionary<(RecordSource Source, long Version), VersionInfo>();
        var reviews = ImmutableArray.CreateBuilder<ReviewEvent>();
        foreach (var e in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = HistoryEntry.Parser.ParseFrom((byte[])e!);
            if (entry.EntryCase == HistoryEntry.EntryOneofCase.Version)
            {
                var v = entry.Version;
                var visible = v.Source == RecordSource.Published ? head.PublishedVersion : head.SubmissionVersion;
                if (v.Version <= visible)
                {
                    versions[(v.Source, v.Version)] = v;
                }
            }
            else if (entry.EntryCase == HistoryEntry.EntryOneofCase.Review)
            {
                reviews.Add(entry.Review);
            }
        }

        // Every version the head shows has its blob, which carries its VersionInfo: a history entry
        // missing after a crash (embedded Garnet's recovery has been seen to lose list writes that
        // the hash writes of the same script kept) is rebuilt from it, so history stays complete.
        var missing = new List<(RecordSource Source, long Version)>();
        foreach (var (source, latest) in new[] { (RecordSource.Submission, head.SubmissionVersion), (RecordSource.Published, head.PublishedVersion) })
        {
            for (var v = 1L; v <= latest; v++)
            {
                if (!versions.ContainsKey((source, v)))
                {
                    missing.Add((source, v));
                }
            }
        }

        if (missing.Count > 0)
        {
            var blobs = await Guard(db.HashGetAsync(RedisKeys.Blobs(partition), [.. missing.Select(m => (RedisValue)RedisKeys.BlobField(unit, m.Source, m.Version))]), cancellationToken);
            foreach (var blob in blobs)
            {
                if (!blob.IsNull)
                {
                    var info = BlobCodec.Decode(StoredVersion.Parser, (byte[])blob!).Info;
                    versions[(info.Source, info.Version)] = info;
                }
            }
        }

        return new UnitHistory(head, [.. versions.Values.OrderBy(v => v.StoredAt?.ToDateTimeOffset()).ThenBy(v => v.Version)], reviews.ToImmutable());
    }

    public async Task<PartitionSnapshot> GetPartitionAsync(PartitionKey partition, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var result = await Guard(db.ScriptEvaluateAsync(LuaScripts.ReadPartition,
            [RedisKeys.Heads(partition), RedisKeys.Blobs(partition), RedisKeys.Revision(partition)]), cancellationToken);
        _telemetry.RecordRoundTrip("partition", Stopwatch.GetElapsedTime(start));
        var array = (RedisResult[])result!;
        var revision = long.Parse((string)array[0]!, System.Globalization.CultureInfo.InvariantCulture);
        var units = ImmutableArray.CreateBuilder<UnitSnapshot>((array.Length - 1) / 4);
        for (var i = 1; i + 3 < array.Length; i += 4)
        {
            var unit = new UnitId((string)array[i]!);
            var head = UnitHead.Parse((string?)array[i + 1]);
            var sub = (byte[]?)array[i + 2];
            var pub = (byte[]?)array[i + 3];
            units.Add(new UnitSnapshot(unit, head,
                sub is { Length: > 0 } ? BlobCodec.Decode(StoredVersion.Parser, sub) : null,
                pub is { Length: > 0 } ? BlobCodec.Decode(StoredVersion.Parser, pub) : null));
        }

        return new PartitionSnapshot(partition, revision, units.ToImmutable());
    }

    public async Task<PartitionHeads> GetHeadsAsync(PartitionKey partition, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var result = await Guard(db.ScriptEvaluateAsync(LuaScripts.ReadHeads, [RedisKeys.Heads(partition), RedisKeys.Revision(partition)]), cancellationToken);
        _telemetry.RecordRoundTrip("heads", Stopwatch.GetElapsedTime(start));
        var array = (RedisResult[])result!;
        var revision = long.Parse((string)array[0]!, System.Globalization.CultureInfo.InvariantCulture);
        var heads = new Dictionary<UnitId, UnitHead>((array.Length - 1) / 2);
        for (var i = 1; i + 1 < array.Length; i += 2)
        {
            heads[new UnitId((string)array[i]!)] = UnitHead.Parse((string?)array[i + 1]);
        }

        return new PartitionHeads(partition, revision, heads);
    }

    public async Task<IReadOnlyList<StoredVersion?>> GetVersionsAsync(PartitionKey partition, IReadOnlyList<VersionRef> versions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0)
        {
            return [];
        }

        var db = await DatabaseAsync(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var fields = new RedisValue[versions.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = RedisKeys.BlobField(versions[i].Unit, versions[i].Source, versions[i].Version);
        }

        var blobs = await Guard(db.HashGetAsync(RedisKeys.Blobs(partition), fields), cancellationToken);
        _telemetry.RecordRoundTrip("versions", Stopwatch.GetElapsedTime(start));
        return [.. blobs.Select(b => b.IsNull ? null : BlobCodec.Decode(StoredVersion.Parser, (byte[])b!))];
    }

    public async Task<RevisionAndCache> GetRevisionAndCacheAsync(PartitionKey partition, string cacheName, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var values = await Guard(db.StringGetAsync([RedisKeys.Revision(partition), RedisKeys.Cache(partition, cacheName)]), cancellationToken);
        var revision = values[0].IsNull ? 0 : (long)values[0];
        if (values[1].IsNull)
        {
            return new RevisionAndCache(revision, null, 0);
        }

        var bytes = (byte[])values[1]!;
        return new RevisionAndCache(revision, bytes[8..], BinaryPrimitives.ReadInt64LittleEndian(bytes));
    }

    public async Task<bool> SetCacheIfCurrentAsync(PartitionKey partition, string cacheName, long revision, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var value = new byte[8 + bytes.Length];
        BinaryPrimitives.WriteInt64LittleEndian(value, revision);
        bytes.Span.CopyTo(value.AsSpan(8));
        var result = await Guard(db.ScriptEvaluateAsync(LuaScripts.SetCacheIfCurrent,
            [RedisKeys.Revision(partition), RedisKeys.Cache(partition, cacheName)],
            [revision, value, (long)_options.CacheTtl.TotalMilliseconds]), cancellationToken);
        return (long)result == 1;
    }

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

    public async Task<bool> PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var db = await DatabaseAsync(cancellationToken);
            await db.PingAsync().WaitAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (IsStoreFailure(e) || e is StoreUnavailableException or RedisException)
        {
            return false;
        }
    }

    // ---------------------------------------------------------------- reviews and backfill

    public async Task<ReviewState> ReviewAsync(ReviewCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var db = await DatabaseAsync(cancellationToken);
        var partition = PartitionOf(command.Unit, command.Year);
        for (var round = 0; round < MaxRounds; round++)
        {
            var headText = (string?)await Guard(db.HashGetAsync(RedisKeys.Heads(partition), command.Unit.Value), cancellationToken) ?? "";
            var head = UnitHead.Parse(headText);
            var refusal = head.SubmissionVersion == 0
                ? new StoreException(StatusCode.FailedPrecondition, Messages.Server.NothingToReview(command.Unit.Value, command.Year.Value).In(command.Language))
                : head.IsLocked
                ? new StoreException(StatusCode.FailedPrecondition, Messages.Server.AlreadyAccepted(command.Unit.Value, command.Year.Value, head.ReviewedVersion).In(command.Language))
                : command.Version != head.SubmissionVersion
                ? new StoreException(StatusCode.Aborted, $"Version {command.Version} is not the latest submitted version ({head.SubmissionVersion}) of unit '{command.Unit}' for {command.Year}.")
                : null;
            if (refusal is not null)
            {
                if (_audit.Enabled)
                {
                    await AppendAuditAsync(new AuditTrail(partition), [ReviewAudit(command, AuditOutcome.Refused, refusal)], cancellationToken);
                }

                throw refusal;
            }

            var state = command.Decision == ReviewDecision.Accept ? ReviewState.Accepted : ReviewState.Returned;
            var newHead = head with
            {
                ReviewState = state,
                ReviewedVersion = command.Version,
                ReviewReason = state == ReviewState.Returned ? command.Reason : "",
            };
            var review = new ReviewEvent
            {
                Decision = command.Decision,
                Version = command.Version,
                Reason = command.Reason,
                ReviewedBy = command.ReviewedBy,
                ReviewedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            };
            var item = new WriteItem(command.Unit, headText, newHead.Format(), "", [], "", [], new HistoryEntry { Review = review }.ToByteArray(),
                Audit: _audit.Enabled ? ReviewAudit(command, AuditOutcome.Succeeded, null).Encode() : "");
            var result = await WriteDirectAsync(db, partition, item, cancellationToken);
            if (result.Code == LuaScripts.Written)
            {
                return state;
            }
        }

        throw new StoreException(StatusCode.Aborted, $"The unit-year of '{command.Unit}' kept changing during the review; retry.");
    }

    public async Task<BackfillResponse> BackfillAsync(BackfillCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var db = await DatabaseAsync(cancellationToken);
        var unit = command.Report.Unit;
        var partition = PartitionOf(unit, command.Report.Year);
        var idemField = RedisKeys.BackfillKeyField(unit, command.Source.ContentSha256);
        for (var round = 0; round < MaxRounds; round++)
        {
            var headTask = db.HashGetAsync(RedisKeys.Heads(partition), unit.Value);
            var idemTask = db.HashGetAsync(RedisKeys.Idempotency(partition), idemField);
            var headText = (string?)await Guard(headTask, cancellationToken) ?? "";
            var existing = await Guard(idemTask, cancellationToken);
            if (!existing.IsNull)
            {
                // As for submissions: the replayed write may have failed at its commit.
                await Guard(_connection.CommitAsync(db, [partition]), cancellationToken);
                var replay = BackfillResponse.Parser.ParseFrom((byte[])existing!);
                replay.Replayed = true;
                return replay;
            }

            var head = UnitHead.Parse(headText);
            var version = head.PublishedVersion + 1;
            var info = new VersionInfo
            {
                Version = version,
                Source = RecordSource.Published,
                StoredAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
                StoredBy = command.StoredBy,
                IdempotencyKey = command.Source.ContentSha256,
                WarningCount = command.Findings.Length,
                PublishedSource = command.Source,
            };
            info.Sections.AddRange(command.Report.Present.Codes());
            var stored = new StoredVersion { Report = ReportMapper.ToProto(command.Report), Info = info };
            stored.Findings.AddRange(FindingMapper.ToProto(command.Findings));
            var response = new BackfillResponse { Version = version };
            response.Findings.AddRange(stored.Findings);
            response.NotAssessable.AddRange(FindingMapper.ToProto(command.NotAssessable));
            stored.Findings.AddRange(response.NotAssessable);
            var item = new WriteItem(unit, headText, (head with { PublishedVersion = version, PublishedFindingCount = command.Findings.Length, PublishedCoreNotAssessed = UnitHead.CoreNotAssessed(command.NotAssessable) }).Format(), idemField, response.ToByteArray(),
                RedisKeys.BlobField(unit, RecordSource.Published, version), BlobCodec.Encode(stored), new HistoryEntry { Version = info }.ToByteArray(),
                Audit: _audit.Enabled
                    ? new AuditEntry(info.StoredAt.ToDateTimeOffset(), AuditAction.Backfill, AuditOutcome.Succeeded, command.Actor ?? AuditActor.OfSubject(command.StoredBy),
                        unit.Value, command.Report.Year.Value, version, command.Source.ContentSha256).Encode()
                    : "");
            var result = await WriteDirectAsync(db, partition, item, cancellationToken);
            if (result.Code == LuaScripts.Written)
            {
                return response;
            }

            if (result.Code == LuaScripts.Replayed)
            {
                var replay = BackfillResponse.Parser.ParseFrom(result.Bytes);
                replay.Replayed = true;
                return replay;
            }
        }

        throw new StoreException(StatusCode.Aborted, $"The unit-year of '{unit}' kept changing during the backfill; retry.");
    }

    private async Task<ItemResult> WriteDirectAsync(IDatabase db, PartitionKey partition, WriteItem item, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var results = await Guard(ApplyAsync(db, partition, [item], _audit.MaxEntriesPerTrail, []), cancellationToken);
        if (results[0].Code is LuaScripts.Written or LuaScripts.Replayed)
        {
            await Guard(_connection.CommitAsync(db, [partition]), cancellationToken);
        }

        _telemetry.RecordRoundTrip("write", Stopwatch.GetElapsedTime(start));
        return results[0];
    }

    private AuditEntry ReviewAudit(ReviewCommand command, AuditOutcome outcome, StoreException? refusal) =>
        new(_time.GetUtcNow(), command.Decision == ReviewDecision.Accept ? AuditAction.ReviewAccept : AuditAction.ReviewReturn, outcome,
            command.Actor ?? AuditActor.OfSubject(command.ReviewedBy), command.Unit.Value, command.Year.Value, command.Version, "",
            refusal is null ? 0 : (int)refusal.Code, refusal?.Message ?? command.Reason);

    // ---------------------------------------------------------------- plumbing

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

    /// <summary>Stops accepting submissions and waits until every queued one is answered.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
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
}

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
