using Aggregator.Testing;
using System.Collections.Concurrent;
using System.Diagnostics;
using Aggregator.Contracts.V1;
using Aggregator.Reliability.Tests.Infrastructure;
using Aggregator.Security;
using Grpc.Core;
using Grpc.Health.V1;
using Xunit.Abstractions;

namespace Aggregator.Reliability.Tests;

/// <summary>
/// redis-server (appendfsync always) killed with SIGKILL and started again while district clients
/// keep submitting: calls in flight fail with UNAVAILABLE within their deadline (no hang, no false
/// acknowledgement), readiness goes NOT_SERVING and back to SERVING, the server reconnects by itself,
/// and after the clients' retries with their idempotency keys the end state is exact.
/// </summary>
/// <remarks>Extends ServerEndToEndTests.Store_KilledAndRestarted_UnavailableThenRecoversWithData (one idle call) to load.</remarks>
[Trait("Category", "Reliability")]
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task RedisKilledUnderLoad_CallsFailFastUnavailable_ReadinessFlips_ReconnectsAndEndStateExact()
    {
        const int Year = 2043;
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var server = await InProcessServer.StartAsync(redis.ConnectionString);
        var health = new Health.HealthClient(server.Channel);
        var ledgers = Reports.JingmenDistricts.Take(4).Select(u => new UnitLedger(u)).ToList();
        var failures = new ConcurrentBag<(StatusCode Code, TimeSpan Elapsed, string Detail)>();
        using var stop = new CancellationTokenSource();
        var clients = ledgers.Select(l => Task.Run(() => SubmitLoopAsync(server, l, Year, failures, stop.Token))).ToList();

        await WaitForAsync(() => ledgers.Sum(l => l.Acknowledged.Count) >= 200, TimeSpan.FromSeconds(30), "no load before the kill");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "readiness" })).Status);

        // Act: SIGKILL redis-server under load, keep it down for a moment, start it again.
        await redis.StopAsync();
        var killedAt = Stopwatch.StartNew();
        await WaitForReadinessAsync(health, HealthCheckResponse.Types.ServingStatus.NotServing, TimeSpan.FromSeconds(15));
        var red = killedAt.Elapsed;
        await WaitForAsync(() => failures.Count >= ledgers.Count, TimeSpan.FromSeconds(15), "the clients saw no failure while redis was down");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest { Service = "" })).Status);
        await redis.StartAsync();
        var restartedAt = Stopwatch.StartNew();
        await WaitForReadinessAsync(health, HealthCheckResponse.Types.ServingStatus.Serving, TimeSpan.FromSeconds(30));
        var green = restartedAt.Elapsed;
        var ackedAtRestart = ledgers.Sum(l => l.Acknowledged.Count);
        await WaitForAsync(() => ledgers.Sum(l => l.Acknowledged.Count) >= ackedAtRestart + 200, TimeSpan.FromSeconds(30), "the server did not resume after redis came back");
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        // Assert: every failure was a prompt UNAVAILABLE; the end state is exact.
        output.WriteLine($"readiness red {red.TotalSeconds:0.0} s after the kill, green {green.TotalSeconds:0.0} s after the restart; "
            + $"{failures.Count} failed calls, slowest {failures.Max(f => f.Elapsed).TotalSeconds:0.00} s; {ledgers.Sum(l => l.Acknowledged.Count)} acknowledged");
        Assert.All(failures, f =>
        {
            Assert.True(f.Code == StatusCode.Unavailable, $"{f.Code} after {f.Elapsed}: {f.Detail}");
            Assert.True(f.Elapsed < s_deadline, $"a call took {f.Elapsed} (deadline {s_deadline})");
        });
        var admin = server.As("42", Roles.Admin, 60);
        var versions = await Verification.AssertExactAsync(server.Submissions, server.Queries, admin, Reports.Jingmen, Year, ledgers);
        output.WriteLine($"{versions} versions verified");
    }

    /// <summary>Submits key after key; a failed key is retried (same key) until acknowledged; on stop, finishes the pending key.</summary>
    private static async Task SubmitLoopAsync(InProcessServer server, UnitLedger ledger, int year,
        ConcurrentBag<(StatusCode, TimeSpan, string)> failures, CancellationToken stop)
    {
        var client = server.Submissions;
        var token = server.Token(ledger.Unit, Roles.District);
        var i = 1;
        var giveUp = DateTime.MaxValue;
        while (true)
        {
            if (stop.IsCancellationRequested && !ledger.Sent.Contains(Clients.Key(ledger.Unit, i)))
            {
                return;
            }

            if (stop.IsCancellationRequested && giveUp == DateTime.MaxValue)
            {
                giveUp = DateTime.UtcNow.AddSeconds(30);
            }

            var key = Clients.Key(ledger.Unit, i);
            ledger.RecordSent(key);
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await client.SubmitAsync(
                    new SubmitRequest { Report = Reports.Valid(ledger.Unit, year, i), IdempotencyKey = key },
                    InProcessServer.With(token, (int)s_deadline.TotalSeconds));
                ledger.RecordAck(key, response.Acknowledgement.Version);
                i++;
            }
            catch (RpcException e)
            {
                failures.Add((e.StatusCode, watch.Elapsed, e.Status.Detail));
                Assert.True(DateTime.UtcNow < giveUp, $"{key} could not be submitted after the stop: {e.Status}");
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private static async Task WaitForReadinessAsync(Health.HealthClient health, HealthCheckResponse.Types.ServingStatus wanted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var status = (await health.CheckAsync(new HealthCheckRequest { Service = "readiness" }, deadline: DateTime.UtcNow.AddSeconds(10))).Status;
            if (status == wanted)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"readiness stayed {status}, expected {wanted} within {timeout}");
            await Task.Delay(100);
        }
    }

    internal static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(20);
        }
    }
}
