using Aggregator.Domain.UnitYears;
using System.Diagnostics.Metrics;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Server.Auth;
using Aggregator.Server.Services;
using Aggregator.Server.Telemetry;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Aggregator.Server.Tests;

/// <summary>Server limits on embedded Garnet: message size, deadlines, rate limit, auth metrics, graceful shutdown.</summary>
[Collection("garnet-server-e2e")]
public sealed class ServerLimitsServerTests(GarnetServerFixture fixture)
{
    [Fact]
    public async Task Submit_MessageOverLimit_ResourceExhausted()
    {
        var report = TestReports.Zhanghe2021("420822", 2035);
        report.Overview.Introduction = new string('字', 2 * 1024 * 1024);

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Submissions.SubmitAsync(
            new SubmitRequest { Report = report, IdempotencyKey = "big" }, fixture.As("420822", Roles.District)).ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
    }

    [Fact]
    public async Task Submit_DeadlinePassed_DeadlineExceeded()
    {
        var options = fixture.As("420822", Roles.District).WithDeadline(DateTime.UtcNow.AddMilliseconds(-1));

        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Submissions.SubmitAsync(
            new SubmitRequest { Report = TestReports.Zhanghe2021("420822", 2035), IdempotencyKey = "late" }, options).ResponseAsync);

        Assert.Equal(StatusCode.DeadlineExceeded, ex.StatusCode);
    }

    [Fact]
    public async Task Denials_CountedWithBoundedReason()
    {
        var reasons = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AggregatorMetrics.MeterName && instrument.Name == "aggregator.auth.denied")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    lock (reasons)
                    {
                        reasons.Add((string)tag.Value!);
                    }
                }
            }
        });
        listener.Start();

        await Assert.ThrowsAsync<RpcException>(() => fixture.Submissions.GetSubmissionAsync(
            new GetSubmissionRequest { UnitId = "jingmen-zhanghe", Year = 2021 }, fixture.As("420802", Roles.District)).ResponseAsync);
        await Assert.ThrowsAsync<RpcException>(() => fixture.Submissions.GetSubmissionAsync(
            new GetSubmissionRequest { UnitId = "jingmen-zhanghe", Year = 2021 }, new CallOptions()).ResponseAsync);

        lock (reasons)
        {
            Assert.Contains("other_unit", reasons);
            Assert.Contains("missing_token", reasons);
        }
    }
}

public sealed class SubmissionHandlerUnitTests
{
    [Fact]
    public async Task Handle_OverUnitRateLimit_ResourceExhaustedWithoutStoring()
    {
        var store = new CountingStore();
        var metrics = new AggregatorMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var access = new AccessPolicy(TestRegistry.Tree, metrics, NullLogger<AccessPolicy>.Instance);
        var handler = new SubmissionHandler(store, access, metrics,
            Options.Create(new LimitsOptions { SubmissionsPerSecond = 1, SubmissionBurst = 2 }));
        var caller = new Caller(TestRegistry.Tree.Get(new Domain.UnitId("420802")), Roles.District, "t");

        var acks = new List<Acknowledgement>();
        for (var i = 0; i < 3; i++)
        {
            acks.Add(await handler.HandleAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("420802"), IdempotencyKey = "k" + i }, caller, default));
        }

        Assert.Equal([0, 0, (int)StatusCode.ResourceExhausted], acks.Select(a => a.StatusCode));
        Assert.Equal(2, store.Submissions);
        var other = await handler.HandleAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("420804"), IdempotencyKey = "x" },
            caller with { Unit = TestRegistry.Tree.Get(new Domain.UnitId("420804")) }, default);
        Assert.Equal(0, other.StatusCode);
    }

    [Fact]
    public async Task Handle_Defaults_TwentyAtOnceForAUnit_AndTheVersionCapPassedToTheStore()
    {
        var store = new CountingStore();
        var metrics = new AggregatorMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
        var access = new AccessPolicy(TestRegistry.Tree, metrics, NullLogger<AccessPolicy>.Instance);
        var handler = new SubmissionHandler(store, access, metrics, Options.Create(new LimitsOptions()), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero)));
        var caller = new Caller(TestRegistry.Tree.Get(new Domain.UnitId("420802")), Roles.District, "t");

        var codes = new List<int>();
        for (var i = 0; i < 21; i++)
        {
            codes.Add((await handler.HandleAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("420802"), IdempotencyKey = "d" + i }, caller, default)).StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(0, 20), (int)StatusCode.ResourceExhausted], codes);
        Assert.Equal(100, store.LastMaxVersions);
    }

    [Fact]
    public void UnitRateLimiter_RefillsLazilyPerUnit_CappedAtBurst()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var limiter = new UnitRateLimiter(perSecond: 2, burst: 3, time);

        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => limiter.TryAcquire("a")));
        Assert.True(limiter.TryAcquire("b"));

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal([true, false], Enumerable.Range(0, 2).Select(_ => limiter.TryAcquire("a")));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([true, true, true, false], Enumerable.Range(0, 4).Select(_ => limiter.TryAcquire("a")));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("a", true)]
    [InlineData("hash:0123 abc~", true)]
    [InlineData("tab\tkey", false)]
    [InlineData("键", false)]
    public void IdempotencyKey_PrintableAsciiOneTo128(string key, bool valid) =>
        Assert.Equal(valid, SubmissionHandler.IsValidKey(key));

    [Fact]
    public void IdempotencyKey_TooLong_Invalid() => Assert.False(SubmissionHandler.IsValidKey(new string('k', 129)));

    private sealed class CountingStore : IReportStore
    {
        public int Submissions;

        public long LastMaxVersions;

        public StoreKind Kind => StoreKind.Redis;

        public Task<Acknowledgement> SubmitAsync(SubmissionCommand command, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Submissions);
            LastMaxVersions = command.MaxVersions;
            return Task.FromResult(new Acknowledgement { Outcome = AckOutcome.Accepted, Version = 1 });
        }

        public Task<StoredRecord?> GetAsync(Domain.UnitId unit, Domain.ReportYear year, long? version = null, RecordSource source = RecordSource.Unspecified, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<UnitHead> GetHeadAsync(Domain.UnitId unit, Domain.ReportYear year, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<UnitHistory> ListVersionsAsync(Domain.UnitId unit, Domain.ReportYear year, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ReviewState> ReviewAsync(ReviewCommand command, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> TryClaimReminderAsync(PartitionKey partition, Domain.UnitId unit, DateOnly day, string claimedAt, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task ReleaseReminderAsync(PartitionKey partition, Domain.UnitId unit, DateOnly day, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<BackfillResponse> BackfillAsync(BackfillCommand command, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PartitionSnapshot> GetPartitionAsync(PartitionKey partition, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<RevisionAndCache> GetRevisionAndCacheAsync(PartitionKey partition, string cacheName, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PartitionHeads> GetHeadsAsync(PartitionKey partition, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<Storage.Records.StoredVersion?>> GetVersionsAsync(PartitionKey partition, IReadOnlyList<VersionRef> versions, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> SetCacheIfCurrentAsync(PartitionKey partition, string cacheName, long revision, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IAsyncDisposable> SubscribeAsync(Action<PartitionKey, long> handler, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> PingAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

        public PartitionKey PartitionOf(Domain.UnitId unit, Domain.ReportYear year) => new(unit, year);
    }
}

/// <summary>Graceful shutdown with a stream open: the server stops reading, answers what it read, and ends the call
/// UNAVAILABLE unless it had read (and acknowledged) every message and the client's end of stream.</summary>
public sealed class GracefulShutdownServerTests
{
    [Fact]
    public async Task Stop_WithOpenStream_AcknowledgesWhatItReadAndNeverEndsOkWithAcksMissing()
    {
        var fixture = new GarnetServerFixture();
        await fixture.InitializeAsync();
        var disposed = false;
        try
        {
            var opts = fixture.As("42", Roles.Admin);
            using var call = fixture.Submissions.SubmitStream(opts);
            string[] units = ["420802", "420804", "420881", "420882", "420822", "jingmen-zhanghe", "jingmen-qujialing", "jingmen-hitech"];
            for (var i = 0; i < units.Length; i++)
            {
                await call.RequestStream.WriteAsync(new SubmitStreamRequest
                {
                    CorrelationId = "c" + i,
                    Submission = new SubmitRequest { Report = TestReports.Zhanghe2021(units[i], 2027), IdempotencyKey = "g" },
                });
            }

            Assert.True(await call.ResponseStream.MoveNext());
            var acks = new List<Acknowledgement> { call.ResponseStream.Current.Acknowledgement };
            var stopping = fixture.App.StopAsync();
            // The client ends its side too (as a client does when it sees the server going away);
            // the server has stopped reading and answers what it read.
            await call.RequestStream.CompleteAsync();
            StatusCode status;
            try
            {
                while (await call.ResponseStream.MoveNext())
                {
                    acks.Add(call.ResponseStream.Current.Acknowledgement);
                }

                status = call.GetStatus().StatusCode;
            }
            catch (RpcException e)
            {
                status = e.StatusCode;
            }

            await stopping;
            Assert.All(acks, a => Assert.Equal(AckOutcome.Accepted, a.Outcome));
            Assert.InRange(acks.Count, 1, units.Length);
            // OK only with one acknowledgement per message sent (the server read the client's end of stream);
            // a stream the server stopped reading ends UNAVAILABLE, the client's cue to resend what has no ack.
            Assert.True(status == StatusCode.Unavailable || (status == StatusCode.OK && acks.Count == units.Length),
                $"status {status} with {acks.Count} of {units.Length} acknowledgements");
            await fixture.DisposeAsync();
            disposed = true;
        }
        finally
        {
            if (!disposed)
            {
                await fixture.DisposeAsync();
            }
        }
    }
}
