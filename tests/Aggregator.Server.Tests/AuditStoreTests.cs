using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using AuditProblem = Aggregator.Domain.Audit.AuditProblem;
using Aggregator.Domain.Mapping;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Server.Tests;

/// <summary>The audit trail in the store, against redis-server and embedded Garnet (derived classes below).</summary>
public abstract class AuditStoreTests<TFixture>(TFixture fixture) : IAsyncLifetime
    where TFixture : StoreFixture
{
    // The fixture's connection with a store timeout long enough for a machine shared by several builds
    // (the fixture's 4 s was exceeded under a load average of 45; nothing here is about time).
    private readonly RedisReportStore _store = new(fixture.Connection, TestRegistry.Tree,
        Options.Create(new RedisStoreOptions { TimeoutMilliseconds = 30_000 }));

    private RedisReportStore Store => _store;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private static SubmissionCommand Command(Report report, string key, long? expected = null) =>
        new(ReportMapper.ToDomain(report).Report!, key, expected, "test", Actor: new AuditActor("alice", report.UnitId, "district", "10.1.2.3"));

    /// <summary>Every entry of a trail, newest first, read page by page.</summary>
    private async Task<List<(long Seq, AuditLink Link)>> ReadAllAsync(AuditTrail trail)
    {
        var all = new List<(long, AuditLink)>();
        var from = 0L;
        do
        {
            var page = await Store.ReadAuditAsync(trail, from, 7);
            all.AddRange(page.Entries.Select(e => (e.Seq, e.Link!)));
            from = page.Next;
        }
        while (from > 0);
        return all;
    }

    /// <summary>A trail no other test writes: the second synthetic city in a year no report uses.</summary>
    private static AuditTrail OwnTrail(int year) => new(new PartitionKey(new UnitId("p01-c002"), new ReportYear(year)));

    private static AuditEntry Entry(int i) =>
        new(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero).AddSeconds(i), AuditAction.Export, AuditOutcome.Succeeded,
            new AuditActor("city-user", "p01-c002", "city", "10.0.0." + i), "p01-c002", 2021, detail: "rollup csv " + i);

    [Fact]
    public async Task Submit_StreamOfSubmissions_EachAcknowledgedHasExactlyOneEntry_RefusalsToo_ChainIntact()
    {
        var unit = TestRegistry.FreshDistrict();
        var report = TestReports.Zhanghe2021(unit);
        // Three waves of ten concurrent submissions (each wave group-committed together).
        var acks = new List<Acknowledgement>();
        for (var wave = 0; wave < 3; wave++)
        {
            var tasks = new List<Task<Acknowledgement>>();
            for (var i = wave * 10; i < (wave + 1) * 10; i++)
            {
                tasks.Add(i % 10 == 9
                    ? Store.SubmitAsync(Command(TestReports.BrokenRequests(unit), "broken" + i))
                    : i % 10 == 8
                    ? Store.SubmitAsync(Command(report, "stale" + i, expected: 999))
                    : Store.SubmitAsync(Command(report, "k" + i)));
            }

            acks.AddRange(await Task.WhenAll(tasks));
        }

        var replay = await Store.SubmitAsync(Command(report, "k0"));

        var trail = Store.AuditTrailOf(unit, 2021);
        var mine = (await ReadAllAsync(trail)).Select(e => AuditEntry.Decode(e.Link.EncodedEntry)).Where(e => e.Unit == unit).ToList();
        var accepted = acks.Where(a => a.Outcome == AckOutcome.Accepted).ToList();
        Assert.True(replay.Replayed);
        Assert.Equal(24, accepted.Count);
        Assert.Equal(
            accepted.Select(a => a.Version).Order(),
            mine.Where(e => e.Outcome == AuditOutcome.Succeeded).Select(e => e.Version).Order());
        Assert.All(mine, e => Assert.Equal((AuditAction.Submit, "alice", "district", "10.1.2.3", 2021), (e.Action, e.Actor.Subject, e.Actor.Role, e.Actor.Peer, e.Year)));
        var refused = mine.Where(e => e.Outcome == AuditOutcome.Refused).ToList();
        Assert.Equal(6, refused.Count);
        Assert.Equal(3, refused.Count(e => e.StatusCode == (int)Grpc.Core.StatusCode.InvalidArgument && e.IdempotencyKey.StartsWith("broken", StringComparison.Ordinal)));
        Assert.Equal(3, refused.Count(e => e.StatusCode == (int)Grpc.Core.StatusCode.Aborted && e.Detail.Contains("expected_version 999", StringComparison.Ordinal)));
        Assert.True((await Store.VerifyAuditAsync(trail)).Intact);
    }

    [Fact]
    public async Task ReviewAndBackfill_WrittenWithTheirEntries_RefusedReviewToo()
    {
        var unit = TestRegistry.FreshDistrict();
        var ack = await Store.SubmitAsync(Command(TestReports.Zhanghe2021(unit), "r1"));
        var reviewer = new AuditActor("carol", "p01-c001", "city", "10.9.9.9");
        await Store.ReviewAsync(new ReviewCommand(new UnitId(unit), new ReportYear(2021), ReviewDecision.Return, "Fix 表三.", ack.Version, "carol", reviewer));
        await Assert.ThrowsAsync<StoreException>(() =>
            Store.ReviewAsync(new ReviewCommand(new UnitId(unit), new ReportYear(2021), ReviewDecision.Accept, "", 7, "carol", reviewer)));

        var entries = (await ReadAllAsync(Store.AuditTrailOf(unit, 2021))).Select(e => AuditEntry.Decode(e.Link.EncodedEntry)).Where(e => e.Unit == unit).Reverse().ToList();

        Assert.Equal(
            [(AuditAction.Submit, AuditOutcome.Succeeded, 1L), (AuditAction.ReviewReturn, AuditOutcome.Succeeded, 1L), (AuditAction.ReviewAccept, AuditOutcome.Refused, 7L)],
            entries.Select(e => (e.Action, e.Outcome, e.Version)));
        Assert.Equal(("carol", "10.9.9.9", "Fix 表三."), (entries[1].Actor.Subject, entries[1].Actor.Peer, entries[1].Detail));
        Assert.Equal((int)Grpc.Core.StatusCode.Aborted, entries[2].StatusCode);
    }

    [Fact]
    public async Task Verify_EntryEditedWithARawClient_NamesIt()
    {
        var trail = OwnTrail(2008);
        await Store.AppendAuditAsync(trail, [.. Enumerable.Range(1, 6).Select(Entry)]);
        Assert.True((await Store.VerifyAuditAsync(trail)).Intact);
        var db = fixture.Database;
        var original = (string)(await db.HashGetAsync(RedisKeys.Audit(trail), "3"))!;

        // The edit a raw client makes: the figure changed, the stored hash kept.
        await db.HashSetAsync(RedisKeys.Audit(trail), "3", original.Replace("10.0.0.3", "10.0.0.99", StringComparison.Ordinal));
        var edited = await Store.VerifyAuditAsync(trail);
        // A cleverer edit recomputes entry 3's own hash: entry 4 still names the old one.
        var link = AuditLink.TryParse(original)!;
        var forged = link.EncodedEntry.Replace("10.0.0.3", "10.0.0.99", StringComparison.Ordinal);
        await db.HashSetAsync(RedisKeys.Audit(trail), "3", (link with { EncodedEntry = forged, Hash = AuditChain.HashOf(link.PreviousHash, 3, forged) }).Format());
        var rehashed = await Store.VerifyAuditAsync(trail);

        Assert.Equal((false, AuditProblem.Changed, 3L), (edited.Intact, edited.Problem, edited.ProblemSeq));
        Assert.Equal((false, AuditProblem.Changed, 3L), (rehashed.Intact, rehashed.Problem, rehashed.ProblemSeq));
        Assert.Contains("Entry 3", rehashed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EntryDeletedWithARawClient_NamesIt_LastOneToo()
    {
        var trail = OwnTrail(2009);
        var last = OwnTrail(2010);
        await Store.AppendAuditAsync(trail, [.. Enumerable.Range(1, 6).Select(Entry)]);
        await Store.AppendAuditAsync(last, [.. Enumerable.Range(1, 6).Select(Entry)]);
        var db = fixture.Database;

        await db.HashDeleteAsync(RedisKeys.Audit(trail), "4");
        await db.HashDeleteAsync(RedisKeys.Audit(last), "6");
        var middle = await Store.VerifyAuditAsync(trail);
        var tail = await Store.VerifyAuditAsync(last);

        Assert.Equal((AuditProblem.Removed, 4L), (middle.Problem, middle.ProblemSeq));
        Assert.Equal((AuditProblem.Removed, 6L), (tail.Problem, tail.ProblemSeq));
        Assert.Contains("Entry 4 is missing", middle.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_EntriesSwappedWithARawClient_NamesTheFirst()
    {
        var trail = OwnTrail(2011);
        await Store.AppendAuditAsync(trail, [.. Enumerable.Range(1, 5).Select(Entry)]);
        var db = fixture.Database;
        var two = await db.HashGetAsync(RedisKeys.Audit(trail), "2");
        var three = await db.HashGetAsync(RedisKeys.Audit(trail), "3");

        await db.HashSetAsync(RedisKeys.Audit(trail), [new HashEntry("2", three), new HashEntry("3", two)]);
        var result = await Store.VerifyAuditAsync(trail);

        Assert.Equal((AuditProblem.Reordered, 2L), (result.Problem, result.ProblemSeq));
    }

    [Fact]
    public async Task Retention_KeepsTheNewest_VerificationStartsAtTheFirstRetained()
    {
        var trail = OwnTrail(2012);
        await using var store = new RedisReportStore(fixture.Connection, TestRegistry.Tree, Options.Create(new RedisStoreOptions()),
            audit: Options.Create(new AuditOptions { MaxEntriesPerTrail = 100 }));

        for (var batch = 0; batch < 13; batch++)
        {
            await store.AppendAuditAsync(trail, [.. Enumerable.Range(batch * 10, 10).Select(Entry)]);
        }

        var result = await store.VerifyAuditAsync(trail);
        var page = await store.ReadAuditAsync(trail, 0, 1000);

        Assert.Equal((true, true, 31L, 130L, 100L), (result.Intact, result.Trimmed, result.FirstSeq, result.LastSeq, result.Count));
        Assert.Contains("verification starts at 31", result.Detail, StringComparison.Ordinal);
        Assert.Equal(100, page.Entries.Count);
        Assert.Equal((130L, 31L, 0L), (page.Entries[0].Seq, page.Entries[^1].Seq, page.Next));
        Assert.Equal(0, await fixture.Database.HashLengthAsync(RedisKeys.Audit(trail)) - 100);
    }
}

[Collection("redis-store")]
public sealed class RedisAuditStoreServerTests(RedisStoreFixture fixture) : AuditStoreTests<RedisStoreFixture>(fixture);

[Collection("garnet-store")]
public sealed class GarnetAuditStoreServerTests(GarnetStoreFixture fixture) : AuditStoreTests<GarnetStoreFixture>(fixture);
