using Aggregator.Testing;
using Aggregator.Contracts.V1;
using Aggregator.Reliability.Tests.Infrastructure;
using Aggregator.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Aggregator.Reliability.Tests;

/// <summary>
/// SIGKILL of the server process while eight district clients stream submissions (real processes,
/// loopback), restart on the same data, clients retry every unacknowledged submission with its
/// idempotency key: every acknowledged submission is stored exactly once under the version
/// acknowledged, nothing is duplicated, and the city's rollup equals the sum of the stored reports.
/// </summary>
/// <remarks>Extends CrashDurabilityTests (Aggregator.Server.Tests), which kills after the acks, on Garnet only.</remarks>
[Trait("Category", "Reliability")]
public sealed class CrashRestartTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("redis-server")]
    [InlineData("embedded-garnet")]
    public async Task ServerKilledMidStream_RestartAndRetry_EveryAckStoredExactlyOnceAndRollupExact(string store)
    {
        const int Year = 2041;
        await using var redis = store == "redis-server" ? new RedisServerProcess() : null;
        if (redis is not null)
        {
            await redis.StartAsync();
        }

        await using var server = await ServerProcess.StartAsync(redis?.ConnectionString);
        var ledgers = Reports.JingmenDistricts.Select(u => new UnitLedger(u)).ToList();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clients = ledgers.Select(l => Task.Run(() => Clients.StreamUntilBrokenAsync(
            server.Address, server.Token(l.Unit, Roles.District), l, Year, window: 16, stop.Token))).ToList();

        // Act 1: kill -9 while the streams are busy.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (ledgers.Sum(l => l.Acknowledged.Count) < 800 && watch.Elapsed < TimeSpan.FromSeconds(40))
        {
            await Task.Delay(20);
        }

        var ackedBeforeKill = ledgers.Sum(l => l.Acknowledged.Count);
        await server.KillAsync();
        var rejections = (await Task.WhenAll(clients)).SelectMany(r => r).ToList();
        Assert.Empty(rejections);
        var acked = ledgers.Sum(l => l.Acknowledged.Count);
        var unacked = ledgers.Sum(l => l.Unacknowledged().Count);
        output.WriteLine($"{store}: {ackedBeforeKill} acknowledged when the kill was sent, {acked} in all, {unacked} sent without acknowledgement");
        Assert.True(ackedBeforeKill >= 100, "the clients were not streaming when the server was killed:\n" + server.Output);
        Assert.True(unacked > 0, "nothing was in flight at the kill");

        // Act 2: restart on the same data directory and port; retry every unacknowledged key, replay a few acknowledged ones.
        var snapshot = ledgers.ToDictionary(l => l.Unit, l => new Dictionary<string, long>(l.Acknowledged));
        foreach (var l in ledgers)
        {
            l.AcknowledgedBeforeKill = [.. snapshot[l.Unit].Keys];
        }

        await server.StartAsync();
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new SubmissionService.SubmissionServiceClient(channel);
        var replayedUnacked = 0;
        await Task.WhenAll(ledgers.Select(async l =>
        {
            var token = server.Token(l.Unit, Roles.District);
            foreach (var key in l.Unacknowledged())
            {
                var ack = await Clients.SubmitUntilAnsweredAsync(client, token, l, Year, key, TimeSpan.FromSeconds(60));
                if (ack.Replayed)
                {
                    Interlocked.Increment(ref replayedUnacked);
                }
            }

            foreach (var (key, version) in snapshot[l.Unit].Take(3))
            {
                var ack = await Clients.SubmitUntilAnsweredAsync(client, token, l, Year, key, TimeSpan.FromSeconds(60));
                Assert.True(ack.Replayed, $"{key}: a retry of an acknowledged submission was stored again");
                Assert.Equal(version, ack.Version);
            }
        }));

        // Assert
        var admin = new CallOptions(new Metadata { { "authorization", "Bearer " + server.Token("42", Roles.Admin) } }, DateTime.UtcNow.AddSeconds(60));
        var versions = await Verification.AssertExactAsync(client, new QueryService.QueryServiceClient(channel), admin, Reports.Jingmen, Year, ledgers);
        output.WriteLine($"{store}: {versions} versions verified; {replayedUnacked} of the unacknowledged retries were replays (stored before the kill, ack lost)");
    }
}
