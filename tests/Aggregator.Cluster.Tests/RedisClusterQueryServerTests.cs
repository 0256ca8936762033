using Aggregator.Server.Tests;

// One cluster and one server at a time: 2 shared cores, and ClusterServerFixture hands its
// settings to the host through process-wide environment variables.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Aggregator.Cluster.Tests;

/// <summary>
/// The server's rollup, review, watch, compare, export and status tests (<see cref="QueryServerTests{TFixture}"/>,
/// unchanged) against a 3-master Redis Cluster; then every city-year's keys are checked to share one slot.
/// </summary>
[TestCaseOrderer(KeyspaceCheckLastOrderer.TypeName, KeyspaceCheckLastOrderer.AssemblyName)]
public sealed class RedisClusterQueryServerTests(ClusterServerFixture fixture)
    : QueryServerTests<ClusterServerFixture>(fixture), IClassFixture<ClusterServerFixture>
{
    [Fact]
    public async Task Keyspace_AfterTheQueryTests_EveryCityYearIsInOneSlotAndSeveralMastersHoldData()
    {
        await ClusterKeyspace.SubmitToSyntheticCitiesAsync(Fixture);

        await ClusterKeyspace.AssertEveryCityYearInOneSlotAsync(Fixture, Enumerable.Range(2020, 10));
    }
}
