using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Server.Internal;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Grpc.Core;
using StackExchange.Redis;
using StackExchange.Redis.Profiling;

namespace Aggregator.Server.Tests;

/// <summary>Store scenarios, run against redis-server and embedded Garnet (derived classes below).</summary>
public abstract class ReportStoreTests<TFixture>(TFixture fixture)
    where TFixture : StoreFixture
{
    protected TFixture Fixture { get; } = fixture;

    private RedisReportStore Store => Fixture.Store;

    private static SubmissionCommand Command(Report report, string key, long? expected = null) =>
        new(ReportMapper.ToDomain(report).Report!, key, expected, "test");

    [Fact]
    public async Task Submit_ValidReport_StoresVersionWithWarning()
    {
        var unit = TestRegistry.FreshDistrict();
        var ack = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit), "k1"));

        Assert.Equal(AckOutcome.Accepted, ack.Outcome);
        Assert.Equal(1, ack.Version);
        Assert.Contains(ack.Warnings, w => w.RuleId == "N1");
        var stored = await Store.GetAsync(new UnitId(unit), new ReportYear(2021));
        Assert.NotNull(stored);
        Assert.Equal(TestReports.Zhanghe2021(unit), stored!.Version.Report);
        Assert.Equal(ReviewState.Submitted, stored.Head.ReviewState);
        Assert.True(stored.Head.Complete);
        Assert.Equal(1, stored.Head.WarningCount);
    }

    [Fact]
    public void Keys_OfOnePartition_ShareOneClusterSlot()
    {
        var unit = new UnitId("jingmen-zhanghe");
        var partition = Store.PartitionOf(unit, new ReportYear(2021));
        RedisKey[] keys =
        [
            RedisKeys.Heads(partition), RedisKeys.Blobs(partition), RedisKeys.Idempotency(partition), RedisKeys.Revision(partition),
            RedisKeys.History(partition, unit), RedisKeys.Cache(partition, "rollup"),
            RedisKeys.Audit(new AuditTrail(partition)), RedisKeys.AuditHead(new AuditTrail(partition)),
        ];

        Assert.Equal("{4208:2021}", partition.HashTag);
        Assert.Single(keys.Select(k => ClusterSlot(k!)).Distinct());
        Assert.NotEqual(ClusterSlot(keys[0]!), ClusterSlot(RedisKeys.Heads(partition with { Year = new ReportYear(2022) })!));
        Assert.True(RedisKeys.TryParseEvents(RedisKeys.Events(partition).ToString(), out var parsed));
        Assert.Equal(partition, parsed);
    }

    /// <summary>Redis Cluster's key slot: CRC16 (XMODEM) of the hash tag (or the key) mod 16384.</summary>
    private static int ClusterSlot(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = open < 0 ? -1 : key.IndexOf('}', open + 1);
        var hashed = close > open + 1 ? key[(open + 1)..close] : key;
        ushort crc = 0;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(hashed))
        {
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
            {
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ 0x1021) : (ushort)(crc << 1);
            }
        }

        return crc % 16384;
    }

    [Fact]
    public async Task Submit_PastMaxVersions_FailedPreconditionNamingTheLimit_NothingStored_ReplaysStillAnswered()
    {
        var unit = TestRegistry.FreshDistrict();
        var report = TestReports.Zhanghe2021(unit);
        var acks = new List<Acknowledgement>();
        for (var i = 0; i < 4; i++)
        {
            acks.Add(await Store.SubmitAsync(Command(report, "cap" + i) with { MaxVersions = 3 }));
        }

        var replay = await Store.SubmitAsync(Command(report, "cap1") with { MaxVersions = 3 });

        Assert.Equal([AckOutcome.Accepted, AckOutcome.Accepted, AckOutcome.Accepted, AckOutcome.Rejected], acks.Select(a => a.Outcome));
        Assert.Equal((int)Grpc.Core.StatusCode.FailedPrecondition, acks[3].StatusCode);
        Assert.Contains("Aggregator:Limits:MaxVersionsPerUnitYear = 3", acks[3].StatusMessage, StringComparison.Ordinal);
        Assert.Contains(unit, acks[3].StatusMessage, StringComparison.Ordinal);
        Assert.Equal((true, 2L), (replay.Replayed, replay.Version));
        var history = await Store.ListVersionsAsync(new UnitId(unit), new ReportYear(2021));
        Assert.Equal([1L, 2L, 3L], history.Versions.Select(v => v.Version));
    }

    [Fact]
    public async Task Submit_RetryAfterTheCommitFailed_NotAnsweredUntilACommitSucceeds()
    {
        var unit = TestRegistry.FreshDistrict();
        var report = TestReports.Zhanghe2021(unit);

        // The write is applied but its commit fails: the client sees UNAVAILABLE and retries.
        Fixture.Connection.FailCommitsForTest = 2;
        await Assert.ThrowsAsync<StoreUnavailableException>(() => Store.SubmitAsync(Command(report, "commit")));
        // The retry finds the idempotency record: its replay must wait for a commit, which fails too.
        await Assert.ThrowsAsync<StoreUnavailableException>(() => Store.SubmitAsync(Command(report, "commit")));
        var replay = await Store.SubmitAsync(Command(report, "commit"));

        Assert.Equal(0, Fixture.Connection.FailCommitsForTest);
        Assert.Equal((AckOutcome.Accepted, true, 1L), (replay.Outcome, replay.Replayed, replay.Version));
    }

    [Fact]
    public async Task Submit_SameIdempotencyKey_ReplaysAndStoresOnce()
    {
        var unit = TestRegistry.FreshDistrict();
        var first = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit), "same"));
        var second = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit), "same"));

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Version, second.Version);
        var history = await Store.ListVersionsAsync(new UnitId(unit), new ReportYear(2021));
        Assert.Single(history.Versions);
    }

    [Fact]
    public async Task Submit_SectionsSeparately_MergesAndKeepsEveryVersion()
    {
        var unit = TestRegistry.FreshDistrict();
        var full = TestReports.Zhanghe2021(unit);
        var s3 = await Store.SubmitAsync(Command(TestReports.RequestsOnly(unit), "a"));
        var head1 = await Store.GetHeadAsync(new UnitId(unit), new ReportYear(2021));
        var rest = full.Clone();
        rest.Requests = null;
        var all = await Store.SubmitAsync(Command(rest, "b"));

        Assert.Equal(1, s3.Version);
        Assert.False(head1.Complete);
        Assert.Equal(2, all.Version);
        var latest = await Store.GetAsync(new UnitId(unit), new ReportYear(2021));
        Assert.Equal(full, latest!.Version.Report);
        Assert.True(latest.Head.Complete);
        var v1 = await Store.GetAsync(new UnitId(unit), new ReportYear(2021), 1);
        Assert.Null(v1!.Version.Report.ProactiveDisclosure);
        var history = await Store.ListVersionsAsync(new UnitId(unit), new ReportYear(2021));
        Assert.Equal([1L, 2L], history.Versions.Select(v => v.Version));
        Assert.Equal(["s3"], history.Versions[0].Sections);
    }

    [Fact]
    public async Task Submit_StaleExpectedVersion_AbortedAndNothingStored()
    {
        var unit = TestRegistry.FreshDistrict();
        await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit), "a", expected: 0));
        var stale = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit), "b", expected: 0));

        Assert.Equal(AckOutcome.Rejected, stale.Outcome);
        Assert.Equal((int)StatusCode.Aborted, stale.StatusCode);
        Assert.Equal(1, (await Store.GetHeadAsync(new UnitId(unit), new ReportYear(2021))).SubmissionVersion);
    }

    [Fact]
    public async Task Submit_RuleErrors_RejectedWithEveryError()
    {
        var unit = TestRegistry.FreshDistrict();
        var ack = await Store.SubmitAsync(Command(TestReports.BrokenRequests(unit), "x"));

        Assert.Equal(AckOutcome.Rejected, ack.Outcome);
        Assert.Equal((int)StatusCode.InvalidArgument, ack.StatusCode);
        var rowTotal = Assert.Single(ack.Errors, e => e.RuleId == "A3.row_total");
        Assert.Equal("s3.new_requests.total", rowTotal.Cells[0]);
        Assert.Equal("7", rowTotal.Reported);
        Assert.Equal("5", rowTotal.Computed);
        Assert.Equal(0, (await Store.GetHeadAsync(new UnitId(unit), new ReportYear(2021))).SubmissionVersion);
    }

    [Fact]
    public async Task Review_AcceptLocks_ReturnAllowsResubmission()
    {
        var unit = new UnitId(TestRegistry.FreshDistrict());
        var year = new ReportYear(2021);
        await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit.Value), "1"));
        Assert.Equal(ReviewState.Returned, await Store.ReviewAsync(new ReviewCommand(unit, year, ReviewDecision.Return, "fix 三", 1, "city")));
        var resubmitted = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit.Value), "2"));
        Assert.Equal(2, resubmitted.Version);
        var stale = await Assert.ThrowsAsync<StoreException>(() => Store.ReviewAsync(new ReviewCommand(unit, year, ReviewDecision.Accept, "", 1, "city")));
        Assert.Equal(StoreErrorKind.Conflict, stale.Kind);
        Assert.Equal(StatusCode.Aborted, StoreStatus.ToStatusCode(stale.Kind));
        Assert.Equal(ReviewState.Accepted, await Store.ReviewAsync(new ReviewCommand(unit, year, ReviewDecision.Accept, "", 2, "city")));

        var locked = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit.Value), "3"));

        Assert.Equal((int)StatusCode.FailedPrecondition, locked.StatusCode);
        var history = await Store.ListVersionsAsync(unit, year);
        Assert.Equal(2, history.Versions.Length);
        Assert.Equal([ReviewDecision.Return, ReviewDecision.Accept], history.Reviews.Select(r => r.Decision));
        Assert.Equal("fix 三", history.Reviews[0].Reason);
    }

    [Fact]
    public async Task Submit_ConcurrentForOneUnit_EveryVersionOnce()
    {
        var unit = TestRegistry.FreshDistrict();
        var acks = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit), "c" + i))));

        Assert.All(acks, a => Assert.Equal(AckOutcome.Accepted, a.Outcome));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), acks.Select(a => a.Version).Order());
    }

    [Fact]
    public async Task Submit_Batch_AtMostOneScriptCallPerSubmission()
    {
        var units = Enumerable.Range(0, 20).Select(_ => TestRegistry.FreshDistrict()).ToList();
        var session = new ProfilingSession();
        Fixture.Connection.Multiplexer.RegisterProfiler(() => session);

        var acks = await Task.WhenAll(units.Select(u => Store.SubmitAsync(Command(TestReports.Zhanghe2021(u), "p"))));
        var batchCommands = session.FinishProfiling().ToList();
        var single = new ProfilingSession();
        Fixture.Connection.Multiplexer.RegisterProfiler(() => single);
        var one = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(TestRegistry.FreshDistrict()), "p"));
        Fixture.Connection.Multiplexer.RegisterProfiler(() => null);
        var singleCommands = single.FinishProfiling().ToList();

        Assert.All(acks.Append(one), a => Assert.Equal(AckOutcome.Accepted, a.Outcome));
        Assert.InRange(batchCommands.Count(c => c.Command is "EVAL" or "EVALSHA"), 1, acks.Length);
        Assert.Equal(1, singleCommands.Count(c => c.Command is "EVAL" or "EVALSHA"));
        Assert.DoesNotContain(batchCommands.Concat(singleCommands), c => c.Command is "SET" or "HSET" or "RPUSH" or "INCR" or "PUBLISH");
    }

    [Fact]
    public async Task Submit_LargeReports_SplitIntoBatchesByBytes_OversizeAlone_AllAcknowledgedAndStored()
    {
        // Ten reports of ≈ 120 KB (40,000 characters of narrative) and one of ≈ 1 MB, against a
        // 300 KB batch limit; a 500 ms window so that, counted by submissions alone, they would all
        // go in one batch.
        const long limit = 300_000;
        var batches = new BatchRecorder();
        var options = Microsoft.Extensions.Options.Options.Create(new RedisStoreOptions
        {
            TimeoutMilliseconds = 20_000,
            GroupCommitWindow = TimeSpan.FromMilliseconds(500),
            MaxBatchBytes = limit,
        });
        await using var store = new RedisReportStore(Fixture.Connection, TestRegistry.Tree, options, telemetry: batches);
        var reports = Enumerable.Range(0, 11).Select(i =>
        {
            var report = TestReports.Zhanghe2021(TestRegistry.FreshDistrict());
            report.Overview.Introduction = new string('字', 40_000);
            if (i == 5)
            {
                report.Overview.ProactiveDisclosure = new string('公', 40_000);
                report.Overview.DisclosureOnRequest = new string('开', 40_000);
                report.Overview.InformationManagement = new string('信', 40_000);
                report.Overview.PlatformConstruction = new string('息', 40_000);
                report.Overview.Supervision = new string('监', 40_000);
                report.Problems.Problems_ = new string('问', 40_000);
                report.Problems.Improvements = new string('改', 40_000);
                report.OtherMatters.Text = new string('他', 40_000);
            }

            return report;
        }).ToList();

        var acks = await Task.WhenAll(reports.Select(r => store.SubmitAsync(Command(r, "big"))));

        Assert.All(acks, a => Assert.Equal((AckOutcome.Accepted, 1L), (a.Outcome, a.Version)));
        foreach (var report in reports)
        {
            var stored = await store.GetAsync(new UnitId(report.UnitId), new ReportYear(2021));
            Assert.Equal(report, stored!.Version.Report);
        }

        var recorded = batches.Batches;
        Assert.Equal(reports.Count, recorded.Sum(b => b.Submissions));
        Assert.All(recorded, b => Assert.True(b.Submissions == 1 || b.Bytes <= limit, $"a batch of {b.Submissions} submissions holds {b.Bytes} bytes, over {limit}"));
        Assert.Contains(recorded, b => b.Submissions == 1 && b.Bytes > 1_000_000);
        Assert.True(recorded.Count >= 5, $"{recorded.Count} batches for {recorded.Sum(b => b.Bytes)} bytes");
    }

    private sealed class BatchRecorder : IStoreTelemetry
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(int Submissions, long Bytes)> _batches = new();

        public List<(int Submissions, long Bytes)> Batches => [.. _batches];

        public void RecordRoundTrip(string operation, TimeSpan duration)
        {
        }

        public void RecordBatch(int submissions, long bytes) => _batches.Enqueue((submissions, bytes));
    }

    [Fact]
    public async Task Store_StoppedAndRestarted_FailsFastThenKeepsEverySubmission()
    {
        var unit = new UnitId(TestRegistry.FreshDistrict());
        var year = new ReportYear(2021);
        var ack = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit.Value), "before"));

        await Fixture.Process.StopAsync();
        try
        {
            // A caller's deadline far above the store timeout: the store must fail the calls itself
            // (UNAVAILABLE), not leave them to be cancelled by the deadline (a hang).
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Assert.ThrowsAsync<StoreUnavailableException>(() => Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit.Value), "down"), deadline.Token));
            await Assert.ThrowsAsync<StoreUnavailableException>(() => Store.GetAsync(unit, year, cancellationToken: deadline.Token));
            Assert.False(await Store.PingAsync());
        }
        finally
        {
            await Fixture.Process.StartAsync();
        }

        await Fixture.WaitUntilUpAsync();
        var stored = await Store.GetAsync(unit, year);
        Assert.Equal(ack.Version, stored!.Version.Info.Version);
        Assert.Equal(TestReports.Zhanghe2021(unit.Value), stored.Version.Report);
        var after = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit.Value), "after"));
        Assert.Equal(ack.Version + 1, after.Version);
    }

    [Fact]
    public async Task Submit_ManyConcurrent_GroupCommittedAndAllAccepted()
    {
        var units = TestRegistry.Tree.Units.Where(u => u.Level == Domain.Registry.UnitLevel.District && u.Id.Value.StartsWith("p01-", StringComparison.Ordinal)).ToList();
        var session = new ProfilingSession();
        Fixture.Connection.Multiplexer.RegisterProfiler(() => session);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var acks = await Task.WhenAll(units.Select(u => Store.SubmitAsync(Command(TestReports.Zhanghe2021(u.Id.Value, 2028), "bulk"))));

        watch.Stop();
        Fixture.Connection.Multiplexer.RegisterProfiler(() => null);
        var scripts = session.FinishProfiling().Count(c => c.Command is "EVAL" or "EVALSHA");
        Assert.All(acks, a => Assert.Equal(AckOutcome.Accepted, a.Outcome));
        Assert.Equal(800, acks.Length);
        // Grouped: far fewer script calls than submissions (one per partition per batch).
        Assert.True(scripts < acks.Length / 4, $"{scripts} script calls for {acks.Length} submissions in {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Submit_TypicalReport_UsesAtMostFourKilobytes()
    {
        var unit = new UnitId(TestRegistry.FreshDistrict());
        await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit.Value), "m"));
        var partition = Store.PartitionOf(unit, new ReportYear(2021));
        var db = Fixture.Database;

        var blob = await db.HashStringLengthAsync(RedisKeys.Blobs(partition), RedisKeys.BlobField(unit, RecordSource.Submission, 1));
        var head = await db.HashStringLengthAsync(RedisKeys.Heads(partition), unit.Value);
        var idem = await db.HashStringLengthAsync(RedisKeys.Idempotency(partition), RedisKeys.SubmissionKeyField(unit, "m"));
        var history = (await db.ListRangeAsync(RedisKeys.History(partition, unit))).Sum(v => ((byte[])v!).Length);

        Assert.InRange(blob + head + idem + history, 1, 4096);
    }

    [Fact]
    public async Task Submit_ImportedFixtureWithFullNarratives_UsesAtMostFourKilobytes()
    {
        var unit = new UnitId(TestRegistry.FreshDistrict());
        var text = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "zhanghe-2021.txt"));
        var imported = Aggregator.Import.ReportImporter.Import(text, new Aggregator.Import.ImportOptions(unit.Value, 2021));
        Assert.True(imported.Success);
        var ack = await Store.SubmitAsync(Command(imported.Report!, "real"));
        Assert.Equal(AckOutcome.Accepted, ack.Outcome);
        var partition = Store.PartitionOf(unit, new ReportYear(2021));
        var db = Fixture.Database;

        var blob = await db.HashStringLengthAsync(RedisKeys.Blobs(partition), RedisKeys.BlobField(unit, RecordSource.Submission, 1));
        var head = await db.HashStringLengthAsync(RedisKeys.Heads(partition), unit.Value);
        var idem = await db.HashStringLengthAsync(RedisKeys.Idempotency(partition), RedisKeys.SubmissionKeyField(unit, "real"));
        var history = (await db.ListRangeAsync(RedisKeys.History(partition, unit))).Sum(v => ((byte[])v!).Length);

        Assert.True(blob + head + idem + history <= 4096, $"blob {blob} head {head} idem {idem} history {history}; report text {System.Text.Encoding.UTF8.GetByteCount(text)} bytes");
    }

    [Fact]
    public async Task Partition_ReadInOneRoundTrip_DistinguishesSubmissionAndPublished()
    {
        var unit = new UnitId(TestRegistry.FreshDistrict());
        var year = new ReportYear(2021);
        var partition = Store.PartitionOf(unit, year);
        var before = await Store.GetPartitionAsync(partition);
        var report = TestReports.Zhanghe2021(unit.Value);
        var published = await Store.BackfillAsync(new BackfillCommand(ReportMapper.ToDomain(report).Report!, [], [],
            new PublishedSource { FileName = "zhanghe-2021.txt", ContentSha256 = new string('a', 64) }, "city"));
        var replay = await Store.BackfillAsync(new BackfillCommand(ReportMapper.ToDomain(report).Report!, [], [],
            new PublishedSource { FileName = "zhanghe-2021.txt", ContentSha256 = new string('a', 64) }, "city"));
        await Store.SubmitAsync(Command(TestReports.RequestsOnly(unit.Value), "d"));

        var session = new ProfilingSession();
        Fixture.Connection.Multiplexer.RegisterProfiler(() => session);
        var snapshot = await Store.GetPartitionAsync(partition);
        Fixture.Connection.Multiplexer.RegisterProfiler(() => null);

        Assert.Single(session.FinishProfiling());
        Assert.Equal(1, published.Version);
        Assert.True(replay.Replayed);
        Assert.True(snapshot.Revision >= before.Revision + 2);
        var mine = Assert.Single(snapshot.Units, u => u.Unit == unit);
        Assert.Equal(1, mine.Head.SubmissionVersion);
        Assert.Equal(1, mine.Head.PublishedVersion);
        Assert.False(mine.Head.Complete);
        Assert.Equal(RecordSource.Submission, mine.Submission!.Info.Source);
        Assert.Equal(RecordSource.Published, mine.Published!.Info.Source);
        Assert.Equal(report, mine.Published.Report);
    }

    [Fact]
    public async Task Cache_SetOnlyWhileRevisionIsCurrent()
    {
        var unit = new UnitId(TestRegistry.FreshDistrict());
        var partition = Store.PartitionOf(unit, new ReportYear(2022));
        await Store.SubmitAsync(Command(TestReports.RequestsOnly(unit.Value, 2022), "r1"));
        var now = await Store.GetRevisionAndCacheAsync(partition, "rollup");

        Assert.True(await Store.SetCacheIfCurrentAsync(partition, "rollup", now.Revision, new byte[] { 1, 2, 3 }));
        var cached = await Store.GetRevisionAndCacheAsync(partition, "rollup");
        Assert.True(cached.IsCurrent);
        Assert.Equal(new byte[] { 1, 2, 3 }, cached.Cached);

        await Store.SubmitAsync(Command(TestReports.RequestsOnly(unit.Value, 2022), "r2"));
        Assert.False(await Store.SetCacheIfCurrentAsync(partition, "rollup", now.Revision, new byte[] { 9 }));
        Assert.False((await Store.GetRevisionAndCacheAsync(partition, "rollup")).IsCurrent);
    }

    [Fact]
    public async Task Subscribe_ReceivesThePartitionAndNewRevisionOfEveryWrite_OncePerWrite()
    {
        var first = new UnitId(TestRegistry.FreshDistrict());
        var second = new UnitId(TestRegistry.FreshDistrict());
        if (Store.PartitionOf(first, new ReportYear(2021)) != Store.PartitionOf(second, new ReportYear(2021)))
        {
            // The fresh districts just crossed into the next city: take two from that one.
            (first, second) = (second, new UnitId(TestRegistry.FreshDistrict()));
        }

        var partition = Store.PartitionOf(first, new ReportYear(2021));
        Assert.Equal(partition, Store.PartitionOf(second, new ReportYear(2021)));
        var events = new System.Collections.Concurrent.ConcurrentQueue<long>();
        await using var subscription = await Store.SubscribeAsync((p, revision) =>
        {
            if (p == partition)
            {
                events.Enqueue(revision);
            }
        });
        var before = (await Store.GetRevisionAndCacheAsync(partition, "test")).Revision;

        // One event per write (revision), whether the two land in one batch or two.
        await Task.WhenAll(
            Store.SubmitAsync(Command(TestReports.RequestsOnly(first.Value), "e1")),
            Store.SubmitAsync(Command(TestReports.RequestsOnly(second.Value), "e2")));
        var after = (await Store.GetRevisionAndCacheAsync(partition, "test")).Revision;

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!events.Contains(after) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains(after, events);
        Assert.Equal(after - before, events.Count);
        Assert.All(events, r => Assert.InRange(r, before + 1, after));
    }
}

[CollectionDefinition("redis-store")]
public sealed class RedisStoreCollection : ICollectionFixture<RedisStoreFixture>;

[CollectionDefinition("garnet-store")]
public sealed class GarnetStoreCollection : ICollectionFixture<GarnetStoreFixture>;

[Collection("redis-store")]
public sealed class RedisReportStoreServerTests(RedisStoreFixture fixture) : ReportStoreTests<RedisStoreFixture>(fixture);

[Collection("garnet-store")]
public sealed class GarnetReportStoreServerTests(GarnetStoreFixture fixture) : ReportStoreTests<GarnetStoreFixture>(fixture);
