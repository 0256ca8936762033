using System.Diagnostics;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Xunit.Abstractions;

namespace Aggregator.Server.Tests;

/// <summary>
/// The store call timeout is a contract (<c>Aggregator:Redis:TimeoutMilliseconds</c>: past it calls fail
/// UNAVAILABLE): with redis-server stalled (SIGSTOP, its socket open and silent) while a stream keeps
/// the group-commit writer busy, a unary call fails within the timeout plus a small bound — not after
/// waiting behind a stalled batch for its own turn.
/// </summary>
public sealed class StoreTimeoutServerTests(ITestOutputHelper output)
{
    private const int Year = 2036;
    private const int TimeoutMilliseconds = 2000;

    /// <summary>The contract's slack over the timeout (scheduling, gRPC, a loaded 2-core machine), not a benchmark.</summary>
    private static readonly TimeSpan s_bound = TimeSpan.FromMilliseconds(TimeoutMilliseconds) + TimeSpan.FromSeconds(1.5);

    [Fact]
    public async Task RedisStalledUnderStreamLoad_UnaryCallsFailUnavailableWithinTimeoutPlusBound()
    {
        await using var server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            UseRedisServer = true,
            RedisTimeoutMilliseconds = TimeoutMilliseconds,
        });
        var submissions = new SubmissionService.SubmissionServiceClient(server.Channel);
        await submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "warm" }, server.As("jingmen-hitech", Roles.District));

        // Load: one stream submitting continuously (up to 64 unacknowledged).
        using var stop = new CancellationTokenSource();
        var acked = 0;
        var load = Task.Run(() => StreamAsync(submissions, server.As("420802", Roles.District), () => Interlocked.Increment(ref acked), stop.Token));
        var wait = Stopwatch.StartNew();
        while (Volatile.Read(ref acked) < 200 && wait.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        Assert.True(Volatile.Read(ref acked) >= 200, "the stream was not running");

        // Act: stall redis-server, then unary calls while the stream keeps the writer busy.
        await server.RedisServer!.PauseAsync();
        var results = new List<(string Call, StatusCode Code, TimeSpan Elapsed)>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                results.Add(await TimeAsync("Submit", () => submissions.SubmitAsync(
                    new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "stalled-" + i },
                    server.As("jingmen-hitech", Roles.District)).ResponseAsync));
                results.Add(await TimeAsync("GetSubmission", () => submissions.GetSubmissionAsync(
                    new GetSubmissionRequest { UnitId = "jingmen-hitech", Year = Year }, server.As("jingmen-hitech", Roles.District)).ResponseAsync));
            }
        }
        finally
        {
            await server.RedisServer.ResumeAsync();
        }

        await stop.CancelAsync();
        await load;

        // Assert
        foreach (var (call, code, elapsed) in results)
        {
            output.WriteLine($"{call}: {code} after {elapsed.TotalMilliseconds:F0} ms");
        }

        Assert.All(results, r => Assert.Equal(StatusCode.Unavailable, r.Code));
        Assert.All(results, r => Assert.True(r.Elapsed <= s_bound,
            $"{r.Call} failed after {r.Elapsed.TotalMilliseconds:F0} ms, past the {TimeoutMilliseconds} ms timeout + {(s_bound.TotalMilliseconds - TimeoutMilliseconds):F0} ms"));
        var after = await submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "after" }, server.As("jingmen-hitech", Roles.District));
        Assert.Equal(AckOutcome.Accepted, after.Acknowledgement.Outcome);
    }

    private static async Task<(string, StatusCode, TimeSpan)> TimeAsync(string call, Func<Task> run)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await run();
            return (call, StatusCode.OK, watch.Elapsed);
        }
        catch (RpcException e)
        {
            return (call, e.StatusCode, watch.Elapsed);
        }
    }

    private static async Task StreamAsync(SubmissionService.SubmissionServiceClient client, CallOptions options, Action onAck, CancellationToken stop)
    {
        using var call = client.SubmitStream(options.WithDeadline(DateTime.UtcNow.AddSeconds(120)));
        using var slots = new SemaphoreSlim(64);
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var _ in call.ResponseStream.ReadAllAsync())
                {
                    onAck();
                    slots.Release();
                }
            }
            catch (RpcException)
            {
            }
        }, CancellationToken.None);
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                await slots.WaitAsync(stop);
                await call.RequestStream.WriteAsync(new SubmitStreamRequest
                {
                    CorrelationId = "load-" + i,
                    Submission = new SubmitRequest { Report = TestReports.Zhanghe2021("420802", Year), IdempotencyKey = "load-" + i },
                }, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && stop.IsCancellationRequested)
        {
            // Stopping while a write was in flight cancels the whole call (grpc-dotnet): nothing left to complete.
            await reader.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
            return;
        }

        await call.RequestStream.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        await reader.WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
    }
}
