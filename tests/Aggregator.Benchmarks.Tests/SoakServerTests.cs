using Aggregator.Benchmarks.Soak;

namespace Aggregator.Benchmarks.Tests;

/// <summary>
/// A short run of the soak driver (scripts/soak.sh) so that it never rots: embedded Garnet, a few
/// districts for 24 s with one server kill -9 and restart in the middle. Asserts what the soak itself
/// checks (nothing lost, duplicated or missing from the trail) and that the fault really happened;
/// never a timing.
/// </summary>
public sealed class SoakServerTests
{
    [Fact]
    public async Task ShortSoak_Garnet_OneServerKill_NothingLostEveryAckInTheTrail()
    {
        // Arrange
        var options = new SoakOptions { Minutes = 0.4, FaultEverySeconds = 12, Cities = 1, DistrictsPerCity = 3, RatePerDistrict = 4 };

        // Act
        var result = await SoakRun.RunAsync(SoakStore.Garnet, options);

        // Assert
        var summary = SoakResult.ToMarkdown([result], "test");
        var fault = Assert.Single(result.Faults);
        Assert.Equal(FaultKind.ServerKill, fault.Kind);
        var acknowledged = result.Districts.Sum(d => d.Acknowledged.Count);
        Assert.True(acknowledged > 0, summary);
        Assert.False(result.Failed, summary);
        Assert.Equal((0, 0, 0, 0), (result.Losses, result.Duplicates, result.Unresolved, result.RollupMismatches));
        Assert.Equal(acknowledged, result.StoredVersions);
        Assert.Equal((acknowledged, 0), (result.AuditChecked, result.AuditMissing));
        Assert.Equal(1, result.RollupsChecked);
    }
}
