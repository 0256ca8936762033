using Aggregator.Contracts.V1;
using Aggregator.Reliability.Tests.Infrastructure;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Aggregator.Reliability.Tests;

/// <summary>
/// Abusive stream clients: one that never reads its acknowledgements, one that opens 100 streams at
/// once, many that disconnect mid-stream. The server's memory stays bounded, its streams are
/// released, and a well-behaved tenant's submission still succeeds meanwhile.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class StreamAbuseTests(ITestOutputHelper output)
{
    private const int Year = 2070;
    /// <summary>
    /// Measured (3 runs on 2 shared cores): a client that never reads grows the managed heap
    /// by 5–7 MB, 100 open streams by 8–11 MB, 200 disconnects by 0 MB. The bound is about 3× the
    /// largest: taking in the 20,000 messages (~35 MB of requests) would break it, as 256 MB could not.
    /// </summary>
    private const long MaxGrowthBytes = 32L * 1024 * 1024;

    [Fact]
    public async Task ClientNeverReadsAcks_20kMessages_ServerStopsReadingMemoryBoundedOthersServed()
    {
        await using var server = await InProcessServer.StartAsync();
        var baseline = await WarmUpAndMeasureAsync(server);

        var call = server.Submissions.SubmitStream(server.As("420802", Roles.District, 600));
        var written = 0;
        var budget = Task.Delay(TimeSpan.FromSeconds(8));
        for (; written < 20_000; written++)
        {
            var write = call.RequestStream.WriteAsync(new SubmitStreamRequest
            {
                CorrelationId = "n" + written,
                Submission = new SubmitRequest { Report = Reports.Valid("420802", Year, written), IdempotencyKey = "n" + written },
            });
            if (await Task.WhenAny(write, budget) == budget)
            {
                // Backpressure: the server stopped reading, HTTP/2 flow control blocks the client's write.
                break;
            }

            await write;
        }

        await Task.Delay(1000);
        var during = Measure();
        var stored = (await server.Submissions.ListAllVersionsAsync("420802", Year, server.As("42", Roles.Admin))).Versions.Count;
        await AssertOtherTenantServedAsync(server, "420804");
        output.WriteLine($"wrote {written} of 20000 without reading; {stored} stored; managed heap {Mb(baseline)} → {Mb(during)} MB");
        call.Dispose();

        Assert.True(during - baseline < MaxGrowthBytes, $"memory grew by {Mb(during - baseline)} MB");
        // Bounded work: at most the in-flight window, the acknowledgements queued behind the unread
        // ones and what the transport buffers (about 1 MB of requests) are taken in, never all 20,000.
        Assert.True(written < 20_000, "the server kept reading from a client that reads no acknowledgements");
        Assert.True(stored < 5_000, $"{stored} submissions taken in from a client that reads no acknowledgements");
        await WaitForNoStreamsAsync(server);
    }

    [Fact]
    public async Task HundredStreamsAtOnce_MemoryBoundedOthersServedAllReleased()
    {
        await using var server = await InProcessServer.StartAsync();
        var baseline = await WarmUpAndMeasureAsync(server);
        var options = server.As("420881", Roles.District, 600);
        var calls = Enumerable.Range(0, 100).Select(_ => server.Submissions.SubmitStream(options)).ToList();
        await Task.WhenAll(calls.Select(async (call, i) =>
        {
            for (var j = 0; j < 5; j++)
            {
                var key = $"s{i}-{j}";
                await call.RequestStream.WriteAsync(new SubmitStreamRequest
                {
                    CorrelationId = key,
                    Submission = new SubmitRequest { Report = Reports.Valid("420881", Year, (i * 10) + j), IdempotencyKey = key },
                });
            }
        }));

        await RedisRestartTests.WaitForAsync(() => server.ActiveStreams >= 100, TimeSpan.FromSeconds(30), "the 100 streams did not open");
        await AssertOtherTenantServedAsync(server, "420882");
        var during = Measure();
        output.WriteLine($"{server.ActiveStreams} streams open; managed heap {Mb(baseline)} → {Mb(during)} MB");
        foreach (var call in calls)
        {
            call.Dispose();
        }

        Assert.True(during - baseline < MaxGrowthBytes, $"memory grew by {Mb(during - baseline)} MB");
        await WaitForNoStreamsAsync(server);
    }

    [Fact]
    public async Task ClientsDisconnectMidStream_StreamsReleasedMemoryBoundedOthersServed()
    {
        await using var server = await InProcessServer.StartAsync();
        var baseline = await WarmUpAndMeasureAsync(server);
        var token = server.Token("420822", Roles.District);
        for (var i = 0; i < 200; i++)
        {
            // Half cancel the call (RST_STREAM), half drop the whole connection.
            var channel = GrpcChannel.ForAddress(server.Address);
            var call = new SubmissionService.SubmissionServiceClient(channel).SubmitStream(InProcessServer.With(token, 600));
            for (var j = 0; j < 3; j++)
            {
                var key = $"d{i}-{j}";
                await call.RequestStream.WriteAsync(new SubmitStreamRequest
                {
                    CorrelationId = key,
                    Submission = new SubmitRequest { Report = Reports.Valid("420822", Year, (i * 10) + j), IdempotencyKey = key },
                });
            }

            if (i % 2 == 0)
            {
                call.Dispose();
            }

            channel.Dispose();
        }

        await AssertOtherTenantServedAsync(server, "jingmen-zhanghe");
        await WaitForNoStreamsAsync(server);
        var after = Measure();
        output.WriteLine($"200 abrupt disconnects; managed heap {Mb(baseline)} → {Mb(after)} MB");
        Assert.True(after - baseline < MaxGrowthBytes / 4, $"memory grew by {Mb(after - baseline)} MB after the disconnects");

        // What was acknowledged... nothing was, the clients left first; whatever was stored is stored once.
        var history = await server.Submissions.ListAllVersionsAsync("420822", Year, server.As("42", Roles.Admin));
        Assert.Equal(history.Versions.Count, history.Versions.Select(v => v.IdempotencyKey).Distinct().Count());
    }

    private static async Task<long> WarmUpAndMeasureAsync(InProcessServer server)
    {
        await AssertOtherTenantServedAsync(server, "jingmen-hitech");
        return Measure();
    }

    private static long Measure()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    /// <summary>A well-behaved tenant's unary submission succeeds (generous deadline, no timing assertion).</summary>
    private static async Task AssertOtherTenantServedAsync(InProcessServer server, string unit)
    {
        var response = await server.Submissions.SubmitAsync(
            new SubmitRequest { Report = Reports.Valid(unit, Year, Random.Shared.Next(1, 1000)), IdempotencyKey = Guid.NewGuid().ToString("N") },
            server.As(unit, Roles.District, 60));
        Assert.Equal(AckOutcome.Accepted, response.Acknowledgement.Outcome);
    }

    private static Task WaitForNoStreamsAsync(InProcessServer server) =>
        RedisRestartTests.WaitForAsync(() => server.ActiveStreams == 0, TimeSpan.FromSeconds(30), "streams stayed open after their clients left");
}
