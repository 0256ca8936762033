using System.Diagnostics;
using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Aggregator.Storage.Records;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using StackExchange.Redis;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using VersionInfo = Aggregator.Contracts.V1.VersionInfo;

namespace Aggregator.Benchmarks.Harness;

/// <summary>
/// The floor of issue 16: each stage a streamed submission cannot do without, run alone on the same
/// reports in the same process and against the same store as the ingest rounds, CPU per submission
/// (this process plus the redis-server child). Their sum is the floor the full path is compared with.
/// </summary>
internal static class Floor
{
    private const int Warmups = 2;


    /// <summary>One stage's CPU per submission: this process, and the redis-server child (0 for embedded Garnet).</summary>
    public sealed record Stage(string Name, double ProcessMicros, double StoreServerMicros, string Detail)
    {
        public double Micros => ProcessMicros + StoreServerMicros;
    }

    /// <summary>Runs every stage <paramref name="rounds"/> times over <paramref name="requests"/>; medians of rounds.</summary>
    /// <param name="batch">Submissions per write batch (the mean streamed batch of the ingest rounds), spread over partitions of <paramref name="perPartition"/>.</param>
    public static async Task<List<Stage>> MeasureAsync(AggregatorHost host, IReadOnlyList<SubmitRequest> requests, int batch, int perPartition, bool audit, int rounds, TimeSpan minRound, CancellationToken ct)
    {
        var n = requests.Count;
        var wire = requests.Select((r, i) => new SubmitStreamRequest { CorrelationId = i.ToString(CultureInfo.InvariantCulture), Submission = r }.ToByteArray()).ToArray();
        var decoded = new SubmitStreamRequest[n];
        var reports = new AnnualReport[n];
        var results = new ValidationResult[n];
        var blobs = new byte[n][];
        var items = new RedisReportStore.WriteItem[n];
        var acks = new Acknowledgement[n];
        var now = DateTimeOffset.UtcNow;
        var stages = new List<Stage>();
        var connection = host.Connection;
        var db = (await connection.GetAsync(ct)).GetDatabase();
        var sink = 0L;

        // Each round repeats the stage over every report until it has run for minRound (process CPU is
        // counted in clock ticks of 10 ms, and the server's GC threads run beside the loop); the first
        // rounds warm up (JIT tiers, script cache). Median of the measured rounds.
        async Task<Stage> Time(string name, string detail, Func<int, Task> run, int per)
        {
            var process = new List<double>();
            var server = new List<double>();
            var repeat = 1;
            for (var r = -Warmups; r < rounds; r++)
            {
                ct.ThrowIfCancellationRequested();
                using var self = Process.GetCurrentProcess();
                var p0 = self.TotalProcessorTime;
                var s0 = host.StoreServerProcessorTime;
                var wall = Stopwatch.StartNew();
                for (var k = 0; k < repeat; k++)
                {
                    await run(k);
                }

                self.Refresh();
                var p = (self.TotalProcessorTime - p0).TotalMicroseconds / (per * repeat);
                var s = (host.StoreServerProcessorTime - s0).TotalMicroseconds / (per * repeat);
                if (r >= 0)
                {
                    process.Add(p);
                    server.Add(s);
                }
                else if (wall.Elapsed < minRound)
                {
                    repeat = (int)Math.Clamp(Math.Ceiling(repeat * minRound.TotalMilliseconds * 1.2 / Math.Max(wall.Elapsed.TotalMilliseconds, 1)), 1, 1000);
                }
            }

            return new Stage(name, Percentiles.Median(process), Percentiles.Median(server), detail);
        }

        Task Sync(Action body)
        {
            body();
            return Task.CompletedTask;
        }

        stages.Add(await Time("protobuf decode (SubmitStreamRequest)", "Parser.ParseFrom of the wire bytes", _ => Sync(() =>
        {
            for (var i = 0; i < n; i++)
            {
                decoded[i] = SubmitStreamRequest.Parser.ParseFrom(wire[i]);
            }
        }), n));
        stages.Add(await Time("mapping proto → domain", "ReportMapper.ToDomain", _ => Sync(() =>
        {
            for (var i = 0; i < n; i++)
            {
                reports[i] = ReportMapper.ToDomain(decoded[i].Submission.Report).Report!;
            }
        }), n));
        stages.Add(await Time("validation", "RuleEngine.Evaluate, no previous year", _ => Sync(() =>
        {
            for (var i = 0; i < n; i++)
            {
                results[i] = RuleEngine.Evaluate(reports[i]);
            }
        }), n));
        stages.Add(await Time("stored version: encode + compress", "StoredVersion (report proto + version info + findings) → BlobCodec.Encode (Deflate level 1; Brotli above 4 KB)", _ => Sync(() =>
        {
            for (var i = 0; i < n; i++)
            {
                var info = Info(decoded[i].Submission, reports[i], now);
                var stored = new StoredVersion { Report = decoded[i].Submission.Report, Info = info };
                stored.Findings.AddRange(FindingMapper.ToProto(results[i].Warnings));
                blobs[i] = BlobCodec.Encode(stored);
            }
        }), n));

        var compressed = blobs.Sum(b => (long)b.Length) / n;
        var raw = await Time("(option, not in the sum) stored version encoded without compression", "", _ => Sync(() =>
        {
            for (var i = 0; i < n; i++)
            {
                var info = Info(decoded[i].Submission, reports[i], now);
                var stored = new StoredVersion { Report = decoded[i].Submission.Report, Info = info };
                stored.Findings.AddRange(FindingMapper.ToProto(results[i].Warnings));
                sink += stored.ToByteArray().Length;
            }
        }), n);
        var rawBytes = decoded.Sum(d => (long)new StoredVersion { Report = d.Submission.Report }.CalculateSize()) / n;
        stages.Add(raw with { Detail = $"mean {rawBytes} B per version instead of {compressed} B compressed" });

        var year = reports[0].Year;
        stages.Add(await Time("write item: head, history entry, stored ack" + (audit ? ", audit entry" : ""), "UnitHead.Format, HistoryEntry and Acknowledgement bytes" + (audit ? ", AuditEntry.Encode" : ""), _ => Sync(() =>
        {
            for (var i = 0; i < n; i++)
            {
                var unit = reports[i].Unit;
                var head = UnitHead.Empty with { SubmissionVersion = 1, ReviewState = ReviewState.Submitted, Sections = reports[i].Present, Complete = reports[i].IsComplete, LastSubmittedAt = now };
                var ack = new Acknowledgement { Outcome = AckOutcome.Accepted, Version = 1, UnitId = unit.Value, Year = year.Value };
                acks[i] = ack;
                items[i] = new RedisReportStore.WriteItem(unit, "", head.Format(), RedisKeys.SubmissionKeyField(unit, decoded[i].Submission.IdempotencyKey), ack.ToByteArray(),
                    RedisKeys.BlobField(unit, RecordSource.Submission, 1), blobs[i], new HistoryEntry { Version = Info(decoded[i].Submission, reports[i], now) }.ToByteArray(),
                    Audit: audit ? new AuditEntry(now, AuditAction.Submit, AuditOutcome.Succeeded, AuditActor.OfSubject("bench"), unit.Value, year.Value, 1, decoded[i].Submission.IdempotencyKey).Encode() : "");
            }
        }), n));

        // The store: the write script on fresh partitions (every unit new, as in the ingest rounds),
        // batches of the ingest's mean size over partitions of its size, pipelined, then the durable commit.
        var garnet = connection.Kind == StoreKind.EmbeddedGarnet;
        var run = 0;
        List<(PartitionKey Partition, RedisReportStore.WriteItem[] Items)[]> Batches(string tag)
        {
            run++;
            var list = new List<(PartitionKey, RedisReportStore.WriteItem[])[]>();
            for (var start = 0; start < n; start += batch)
            {
                var slice = Enumerable.Range(start, Math.Min(batch, n - start));
                list.Add([.. slice.GroupBy(i => i / perPartition).Select(g =>
                    (new PartitionKey(new UnitId("floor-" + tag + run.ToString(CultureInfo.InvariantCulture) + "-" + g.Key.ToString(CultureInfo.InvariantCulture)), year),
                     g.Select(i => items[i]).ToArray()))]);
            }

            return list;
        }

        async Task Script(string tag, bool commit, IReadOnlyList<string>? noAudit = null, string script = LuaScripts.Apply)
        {
            foreach (var b in Batches(tag))
            {
                var written = await Task.WhenAll(b.Select(p => RedisReportStore.ApplyAsync(db, p.Partition, noAudit is null ? p.Items : [.. p.Items.Select(x => x with { Audit = "" })], 100_000, [], script)));
                sink += written.Sum(w => w.Count(x => x.Code == 0));
                if (commit)
                {
                    await connection.CommitAsync(db, b.Select(p => p.Partition));
                }
            }
        }

        var batchDetail = $"batches of {batch} over partitions of {perPartition}, one EVAL per partition, pipelined";
        if (garnet)
        {
            stages.Add(await Time("store: write script + COMMITAOF per batch, embedded Garnet", batchDetail + ", then one COMMITAOF; Garnet runs in this process",
                _ => Script("s", commit: true), n));
            stages.Add(await Time("(reference, not in the sum) the same write scripts without COMMITAOF", "Lua + AOF append; the difference to the line above is the commit", _ => Script("c", commit: false), n));
            if (audit)
            {
                stages.Add(await Time("(reference, not in the sum) write script + COMMITAOF without the audit entries", batchDetail, _ => Script("n", commit: true, noAudit: []), n));
            }
        }
        else
        {
            stages.Add(await Time("store: write script + fsync (appendfsync always)", batchDetail + "; client (this process) + redis-server", _ => Script("s", commit: true), n));
            if (audit)
            {
                stages.Add(await Time("(reference, not in the sum) write script + fsync without the audit entries", batchDetail, _ => Script("n", commit: true, noAudit: []), n));
            }
        }

        // Garnet's (and Redis's) alternative to a script: native commands in MULTI/EXEC. Only the writes,
        // without the checks (idempotency, compare-and-set) or the hash-chained audit entries a script does
        // in the same atomic step, so a lower bound of what that path would cost.
        async Task Native(string tag)
        {
            foreach (var b in Batches(tag))
            {
                await Task.WhenAll(b.Select(async p =>
                {
                    var tx = db.CreateTransaction();
                    _ = tx.HashSetAsync(RedisKeys.Blobs(p.Partition), [.. p.Items.Select(x => new HashEntry(x.BlobField, x.Blob))]);
                    foreach (var x in p.Items)
                    {
                        _ = tx.ListRightPushAsync(RedisKeys.History(p.Partition, x.Unit), x.History);
                    }

                    _ = tx.HashSetAsync(RedisKeys.Idempotency(p.Partition), [.. p.Items.Select(x => new HashEntry(x.IdempotencyField, x.Ack))]);
                    _ = tx.HashSetAsync(RedisKeys.Heads(p.Partition), [.. p.Items.Select(x => new HashEntry(x.Unit.Value, x.NewHead))]);
                    var revision = tx.StringIncrementAsync(RedisKeys.Revision(p.Partition));
                    _ = tx.PublishAsync(RedisKeys.Events(p.Partition), 1);
                    sink += await tx.ExecuteAsync() ? 1 : 0;
                    sink += await revision;
                }));
                await connection.CommitAsync(db, b.Select(p => p.Partition));
            }
        }

        stages.Add(await Time("(alternative, not in the sum) the same writes as native commands in MULTI/EXEC + commit", "no idempotency or compare-and-set checks, no audit chain: a lower bound of that path", _ => Native("m"), n));

        stages.Add(await Time("(baseline, not in the sum) the write script before issue 16 + commit", "one HSET/RPUSH per submission and hash instead of one per hash and batch",
            _ => Script("b", commit: true, script: BaselineScripts.ApplyOneCommandPerSubmission), n));

        stages.Add(await Time("acknowledgement encode (SubmitStreamResponse)", "the response message to bytes", _ => Sync(() =>
        {
            for (var i = 0; i < n; i++)
            {
                sink += new SubmitStreamResponse { CorrelationId = decoded[i].CorrelationId, Acknowledgement = acks[i] }.ToByteArray().Length;
            }
        }), n));

        GC.KeepAlive(sink);
        return stages;
    }

    private static VersionInfo Info(SubmitRequest request, AnnualReport report, DateTimeOffset now)
    {
        var info = new VersionInfo
        {
            Version = 1,
            Source = RecordSource.Submission,
            StoredAt = Timestamp.FromDateTimeOffset(now),
            StoredBy = "bench",
            IdempotencyKey = request.IdempotencyKey,
        };
        info.Sections.AddRange(report.Present.Codes());
        return info;
    }
}
