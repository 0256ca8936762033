using Aggregator.Benchmarks.Harness;

namespace Aggregator.Benchmarks.Tests;

/// <summary>
/// A smoke run of the load harness with tiny sizes on both stores, so the benchmark never rots.
/// Asserts only that it completes and produces every figure; never a timing.
/// </summary>
public sealed class LoadHarnessServerTests
{
    [Fact]
    public async Task Quick_BothStores_ProducesEveryFigureAndAcceptsEverySubmission()
    {
        // Arrange
        var options = HarnessOptions.Quick;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        // Act
        var result = await LoadHarness.RunAsync(options, timeout.Token);

        // Assert
        Assert.Empty(result.Notes);
        Assert.All(result.Figures, f => Assert.True(f.HasValue, $"{f.Store}: '{f.Name}' was not produced."));
        foreach (var store in new[] { "garnet", "redis-server" })
        {
            var names = result.Figures.Where(f => f.Store == store).Select(f => f.Name).ToList();
            Assert.Contains(names, n => n.StartsWith("ingest / echo, streamed", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("ingest / echo, unary", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("store commands per accepted submission (stream", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("script calls per accepted submission (stream", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("p99(", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith("deadline burst: all", StringComparison.Ordinal));
            Assert.Equal(options.RollupSizes.Count * 2, names.Count(n => n.StartsWith("GetRollup p", StringComparison.Ordinal) && n.Contains("(NONE)", StringComparison.Ordinal)));
        }

        Assert.Contains(result.Figures, f => f.Store == "redis-server" && f.Name == "Redis memory per district-year");
        Assert.Contains(result.Figures, f => f.Store == "redis-server" && f.Name.StartsWith("INFO commandstats", StringComparison.Ordinal));
        Assert.All(result.Loads, l =>
        {
            Assert.True(l.Sent > 0, l.Name);
            Assert.True(l.Accepted == l.Sent, $"{l.Store} {l.Name}: {l.Accepted}/{l.Sent} accepted; first error: {l.FirstError}");
        });
        Assert.False(string.IsNullOrWhiteSpace(result.ToMarkdown(options)));
    }

    [Fact]
    public void Matches_WrongSum_IsFalse()
    {
        // Arrange
        var report = Aggregator.Testing.Synthetic.SyntheticReports.Create(new Aggregator.Domain.UnitId("p01-c001-d0001"), new Aggregator.Domain.ReportYear(2024), new Random(3));
        var expected = new Aggregator.Domain.Analysis.RollupAccumulator();
        expected.Add(report);
        var rollup = new Aggregator.Contracts.V1.Rollup
        {
            Total = Aggregator.Domain.Mapping.ReportMapper.ToProto(expected.ToReport(new Aggregator.Domain.UnitId("p01-c001"), new Aggregator.Domain.ReportYear(2024))),
            ContributingUnits = 1,
        };
        var twice = new Aggregator.Domain.Analysis.RollupAccumulator();
        twice.Add(report);
        twice.Add(report);

        // Act / Assert
        Assert.True(LoadHarness.Matches(rollup, expected));
        Assert.False(LoadHarness.Matches(rollup, twice));
    }
}
