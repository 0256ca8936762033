using Aggregator.Server;

if (args.Length > 0 && args[0] == "token")
{
    var configuration = new ConfigurationBuilder()
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .Build();
    return TokenCommand.Run(args, configuration, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAggregatorServer();
var app = builder.Build();
app.MapAggregatorServer();
await app.RunAsync();
return 0;
