using Aggregator.Domain.Rules;
using BenchmarkDotNet.Attributes;

namespace Aggregator.Benchmarks.Micro;

/// <summary>Validation of one complete report: every rule, alone and with last year's report (Y-rules).</summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    [Benchmark]
    public ValidationResult Evaluate() => RuleEngine.Evaluate(MicroInputs.Report);

    [Benchmark]
    public ValidationResult EvaluateWithPreviousYear() => RuleEngine.Evaluate(MicroInputs.Report, MicroInputs.Previous);
}
