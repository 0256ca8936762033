using System.Net;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Security;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using StackExchange.Redis;

namespace Aggregator.Cluster.Tests;

/// <summary>Multi-city traffic through the server, and the single-slot check of every city-year's keys.</summary>
internal static class ClusterKeyspace
{
    private static readonly int[] s_years = [2021, 2022];

    /// <summary>
    /// Submits one report per synthetic city and year (first district), accepts one per city, and
    /// reads each city's rollup (which also writes its cache key); checks the rollups count it.
    /// </summary>
    public static async Task SubmitToSyntheticCitiesAsync(ClusterServerFixture fixture)
    {
        var queries = new QueryService.QueryServiceClient(fixture.Channel);
        var seed = 100;
        foreach (var city in ClusterServerFixture.SyntheticCityIds)
        {
            var district = city + "-d0001";
            foreach (var year in s_years)
            {
                var report = SyntheticReports.Create(new UnitId(district), new ReportYear(year), new Random(seed++));
                var ack = (await fixture.Submissions.SubmitAsync(
                    new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = Guid.NewGuid().ToString("N") },
                    fixture.As(district, Roles.District))).Acknowledgement;
                Assert.Equal(AckOutcome.Accepted, ack.Outcome);
                if (year == s_years[0])
                {
                    await fixture.Submissions.ReviewSubmissionAsync(
                        new ReviewSubmissionRequest { UnitId = district, Year = year, Decision = ReviewDecision.Accept, Version = ack.Version },
                        fixture.As(city, Roles.City));
                }

                var rollup = (await queries.GetRollupAsync(new GetRollupRequest { UnitId = city, Year = year }, fixture.As(city, Roles.City))).Rollup;
                Assert.Equal((ClusterServerFixture.DistrictsPerCity, 1), (rollup.ExpectedUnits, rollup.ContributingUnits));
            }
        }
    }

    /// <summary>
    /// SCANs every master for <c>agg:*</c>, groups the keys by hash tag and asserts: every key has
    /// a tag; all keys of a tag are on one node and in one slot (the client's CRC16 and the
    /// server's <c>CLUSTER KEYSLOT</c> agree); at least two masters hold data; every synthetic
    /// city-year and the Jingmen city-years in <paramref name="expectedJingmenYears"/> are there, each with its audit trail.
    /// </summary>
    public static async Task AssertEveryCityYearInOneSlotAsync(ClusterServerFixture fixture, IEnumerable<int> expectedJingmenYears)
    {
        var config = ConfigurationOptions.Parse(fixture.Cluster.ConnectionString);
        config.AllowAdmin = true;
        await using var mux = await ConnectionMultiplexer.ConnectAsync(config);
        var masters = mux.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
        Assert.Equal(3, masters.Count);
        Assert.All(masters, s => Assert.Equal(ServerType.Cluster, s.ServerType));

        var keys = new List<(string Key, EndPoint Node, int Slot, int ServerSlot)>();
        foreach (var server in masters)
        {
            var found = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: RedisKeys.Prefix + "*", pageSize: 500))
            {
                found.Add(key);
            }

            var serverSlots = await Task.WhenAll(found.Select(k => server.ExecuteAsync("CLUSTER", "KEYSLOT", k)));
            keys.AddRange(found.Select((k, i) => ((string)k!, server.EndPoint, mux.HashSlot(k), (int)serverSlots[i])));
        }

        Assert.NotEmpty(keys);
        Assert.All(keys, k => Assert.Equal(k.Slot, k.ServerSlot));
        var byTag = keys.GroupBy(k => HashTag(k.Key)).ToList();
        Assert.DoesNotContain(byTag, g => g.Key is null);
        foreach (var tag in byTag)
        {
            var nodes = tag.Select(k => k.Node.ToString()).Distinct().ToList();
            var slots = tag.Select(k => k.Slot).Distinct().ToList();
            Assert.True(nodes.Count == 1 && slots.Count == 1,
                $"{tag.Key}: keys spread over nodes [{string.Join(", ", nodes)}] and slots [{string.Join(", ", slots)}]: "
                + string.Join(", ", tag.Select(k => $"{k.Key}@{k.Node}/{k.Slot}")));
        }

        var tags = byTag.Select(g => g.Key!).ToHashSet();
        var expected = ClusterServerFixture.SyntheticCityIds.SelectMany(c => s_years.Select(y => "{" + c + ":" + y + "}"))
            .Concat(expectedJingmenYears.Select(y => "{4208:" + y + "}"));
        Assert.All(expected, t => Assert.Contains(t, tags));
        // The audit trail is written by the same script as the submission: its keys share the city-year's slot.
        var names = keys.Select(k => k.Key).ToHashSet(StringComparer.Ordinal);
        Assert.All(expected, t => Assert.Contains(RedisKeys.Prefix + t + ":audit", names));
        Assert.All(expected, t => Assert.Contains(RedisKeys.Prefix + t + ":audit:head", names));

        var mastersWithData = keys.Select(k => k.Node.ToString()).Distinct().Count();
        Assert.True(mastersWithData >= 2, $"only {mastersWithData} master(s) hold data; tags: {string.Join(" ", tags.Order())}");
    }

    /// <summary>The <c>{…}</c> part of a key as Redis Cluster hashes it (first non-empty braces), or null.</summary>
    private static string? HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = open < 0 ? -1 : key.IndexOf('}', open + 1);
        return open >= 0 && close > open + 1 ? key[open..(close + 1)] : null;
    }
}
