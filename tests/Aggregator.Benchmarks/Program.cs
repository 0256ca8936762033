using Aggregator.Benchmarks;

return await BenchmarkProgram.RunAsync(args);
