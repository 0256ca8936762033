using Aggregator.Server.Tests;
using Grpc.Core;

namespace Aggregator.Cluster.Tests;

/// <summary>
/// The server's submission tests (<see cref="ServerEndToEndTests{TFixture}"/>, unchanged) against a
/// 3-master Redis Cluster; then every city-year's keys are checked to share one slot.
/// </summary>
/// <remarks>
/// Each test calls the shared test of the same name. <c>Store_KilledAndRestarted_UnavailableThenRecoversWithData</c>
/// is left out: it stops the store through <see cref="ServerFixture.StopStoreAsync"/>, which is not
/// virtual and knows only its own redis-server or the embedded Garnet.
/// </remarks>
[TestCaseOrderer(KeyspaceCheckLastOrderer.TypeName, KeyspaceCheckLastOrderer.AssemblyName)]
public sealed class RedisClusterEndToEndServerTests(ClusterServerFixture fixture) : IClassFixture<ClusterServerFixture>
{
    private readonly Shared _shared = new(fixture);

    [Fact]
    public Task SubmitStream_ZhangheFixture_AcknowledgesReadsBackReplaysAndRejectsBroken() =>
        _shared.SubmitStream_ZhangheFixture_AcknowledgesReadsBackReplaysAndRejectsBroken();

    [Fact]
    public Task Submit_Broken_InvalidArgumentWithBadRequestViolations() => _shared.Submit_Broken_InvalidArgumentWithBadRequestViolations();

    [Fact]
    public Task Submit_UnknownUnit_NotFoundNamingIt() => _shared.Submit_UnknownUnit_NotFoundNamingIt();

    [Fact]
    public Task Submit_StaleExpectedVersion_Aborted() => _shared.Submit_StaleExpectedVersion_Aborted();

    [Fact]
    public Task Review_CityAcceptsChild_DistrictCannotResubmitOrReview() => _shared.Review_CityAcceptsChild_DistrictCannotResubmitOrReview();

    [Theory]
    [MemberData(nameof(ServerEndToEndTests<ClusterServerFixture>.ReadMatrix), MemberType = typeof(ServerEndToEndTests<ClusterServerFixture>))]
    public Task GetSubmission_AuthMatrix(string tokenUnit, string role, string target, StatusCode expected) =>
        _shared.GetSubmission_AuthMatrix(tokenUnit, role, target, expected);

    [Theory]
    [MemberData(nameof(ServerEndToEndTests<ClusterServerFixture>.WriteMatrix), MemberType = typeof(ServerEndToEndTests<ClusterServerFixture>))]
    public Task Submit_AuthMatrix(string tokenUnit, string role, string target, StatusCode expected) =>
        _shared.Submit_AuthMatrix(tokenUnit, role, target, expected);

    [Fact]
    public Task Calls_MissingExpiredOrForgedToken_Unauthenticated() => _shared.Calls_MissingExpiredOrForgedToken_Unauthenticated();

    [Fact]
    public Task HealthAndReflection_Served() => _shared.HealthAndReflection_Served();

    [Fact]
    public Task BackfillStream_FixtureDocument_StoredAsPublishedRecordOnce() => _shared.BackfillStream_FixtureDocument_StoredAsPublishedRecordOnce();

    [Fact]
    public Task GetUnit_OwnUnitAndSubtree_DeniedOutside() => _shared.GetUnit_OwnUnitAndSubtree_DeniedOutside();

    [Fact]
    public async Task Keyspace_AfterTheSubmissionTests_EveryCityYearIsInOneSlotAndSeveralMastersHoldData()
    {
        await ClusterKeyspace.SubmitToSyntheticCitiesAsync(fixture);

        // 2021: stream submission and backfill; 2031: stale version; 2032: review; 2033: write matrix.
        await ClusterKeyspace.AssertEveryCityYearInOneSlotAsync(fixture, [2021, 2031, 2032, 2033]);
    }

    /// <summary>Not public, so xunit does not discover it as a second test class.</summary>
    private sealed class Shared(ClusterServerFixture fixture) : ServerEndToEndTests<ClusterServerFixture>(fixture);
}
