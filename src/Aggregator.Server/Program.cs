using Aggregator.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddAggregatorServer();
var app = builder.Build();
app.MapAggregatorServer();
await app.RunAsync();
