using Aggregator.Cli;

return await new CliApp(CliEnvironment.CreateDefault()).RunAsync(args);
