using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks.Micro;

/// <summary>Rollup math: add one report, combine two partial sums (city → province), read the sums back.</summary>
[MemoryDiagnoser]
public class RollupBenchmarks
{
    private RollupAccumulator _city = null!;
    private RollupAccumulator _other = null!;

    [GlobalSetup]
    public void Setup()
    {
        _city = new RollupAccumulator();
        _other = new RollupAccumulator();
        for (var i = 0; i < 100; i++)
        {
            _city.Add(MicroInputs.Report);
            _other.Add(MicroInputs.Previous);
        }
    }

    [Benchmark]
    public int AddReport()
    {
        var acc = new RollupAccumulator();
        acc.Add(MicroInputs.Report);
        return acc.Units;
    }

    [Benchmark]
    public int Combine()
    {
        var acc = new RollupAccumulator();
        acc.Add(_city);
        acc.Add(_other);
        return acc.Units;
    }

    [Benchmark]
    public Figures ToFigures() => _city.ToFigures();
}
