using System.Collections.Concurrent;
using Aggregator.Contracts.V1;
using Aggregator.Reliability.Tests.Infrastructure;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;

namespace Aggregator.Reliability.Tests;

/// <summary>
/// Several clients resubmit the same unit-year concurrently with <c>expected_version</c>: exactly one
/// wins per version (the others get ABORTED and store nothing), and the history is complete: versions
/// 1..n without gaps, each stored under its winner's idempotency key.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class ConcurrentResubmissionTests
{
    private const int Clients = 6;

    [Fact]
    public async Task SameUnitSameExpectedVersion_SixClientsPerRound_ExactlyOneWinsEachVersion()
    {
        const int Year = 2044;
        const int Rounds = 15;
        const string Unit = "420802";
        await using var server = await InProcessServer.StartAsync();
        var client = server.Submissions;
        var token = server.Token(Unit, Roles.District);
        var winners = new List<string>();

        for (var v = 0; v < Rounds; v++)
        {
            var round = v;
            var results = await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
            {
                var key = $"round{round}-client{c}";
                try
                {
                    var r = await client.SubmitAsync(
                        new SubmitRequest { Report = Reports.Valid(Unit, Year, (round * 10) + c), IdempotencyKey = key, ExpectedVersion = round },
                        InProcessServer.With(token));
                    return (Key: key, Code: StatusCode.OK, r.Acknowledgement.Version);
                }
                catch (RpcException e)
                {
                    return (Key: key, Code: e.StatusCode, Version: 0L);
                }
            })));

            var won = Assert.Single(results, r => r.Code == StatusCode.OK);
            Assert.Equal(round + 1, won.Version);
            Assert.All(results.Where(r => r.Code != StatusCode.OK), r => Assert.Equal(StatusCode.Aborted, r.Code));
            winners.Add(won.Key);
        }

        var history = await client.ListAllVersionsAsync(Unit, Year, InProcessServer.With(token));
        Assert.Equal(Enumerable.Range(1, Rounds).Select(v => (long)v), history.Versions.Select(v => v.Version));
        Assert.Equal(winners, history.Versions.Select(v => v.IdempotencyKey));
    }

    /// <summary>Two server replicas on one redis-server, clients free-running read-then-submit: the store's compare-and-set decides.</summary>
    [Fact]
    public async Task TwoReplicasOneRedis_FreeRunningOptimisticClients_EachVersionWonOnceHistoryComplete()
    {
        const int Year = 2045;
        const int Target = 40;
        const string Unit = "jingmen-hitech";
        await using var redis = new RedisServerProcess();
        await redis.StartAsync();
        await using var a = await InProcessServer.StartAsync(redis.ConnectionString);
        await using var b = await InProcessServer.StartAsync(redis.ConnectionString);
        var wins = new ConcurrentDictionary<long, string>();
        var duplicateWins = new ConcurrentBag<string>();
        var otherErrors = new ConcurrentBag<string>();
        var aborted = 0;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            var replica = c % 2 == 0 ? a : b;
            var options = InProcessServer.With(replica.Token(Unit, Roles.District), 60);
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var history = await replica.Submissions.ListAllVersionsAsync(Unit, Year, options);
                var head = history.Versions.Count(v => v.Source == RecordSource.Submission);
                if (head >= Target)
                {
                    return;
                }

                var key = $"c{c}-a{attempt}";
                try
                {
                    var r = await replica.Submissions.SubmitAsync(
                        new SubmitRequest { Report = Reports.Valid(Unit, Year, (c * 1000) + attempt), IdempotencyKey = key, ExpectedVersion = head }, options);
                    if (!wins.TryAdd(r.Acknowledgement.Version, key))
                    {
                        duplicateWins.Add($"version {r.Acknowledgement.Version} won by {wins[r.Acknowledgement.Version]} and {key}");
                    }
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Aborted)
                {
                    Interlocked.Increment(ref aborted);
                }
                catch (RpcException e)
                {
                    otherErrors.Add(key + ": " + e.Status);
                }
            }
        })));

        Assert.Empty(duplicateWins);
        Assert.Empty(otherErrors);
        Assert.True(aborted > 0, "the clients never collided; the test proves nothing");
        var history = await a.Submissions.ListAllVersionsAsync(Unit, Year, a.As("42", Roles.Admin));
        var stored = history.Versions.Where(v => v.Source == RecordSource.Submission).ToList();
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(v => (long)v), stored.Select(v => v.Version));
        Assert.InRange(stored.Count, Target, Target + Clients);
        Assert.Equal(stored.Count, wins.Count);
        Assert.All(stored, v => Assert.Equal(wins[v.Version], v.IdempotencyKey));
    }
}
