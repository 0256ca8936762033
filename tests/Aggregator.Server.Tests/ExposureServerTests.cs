using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Grpc.Reflection.V1Alpha;

namespace Aggregator.Server.Tests;

/// <summary>Reflection can be turned off (issue 20.9): the chart does, so anonymous callers cannot list the services.</summary>
public sealed class ExposureServerTests
{
    [Fact]
    public async Task Reflection_Disabled_Unimplemented()
    {
        await using var server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            DirectoryPrefix = "agg-noreflection-",
            Settings = new Dictionary<string, string?> { ["Aggregator:Reflection:Enabled"] = "false" },
        });
        var reflection = new ServerReflection.ServerReflectionClient(server.Channel);

        var anonymous = await ListServicesAsync(reflection, new CallOptions(deadline: DateTime.UtcNow.AddSeconds(30)));
        var withToken = await ListServicesAsync(reflection, server.As("42", Roles.Admin));

        // No reflection endpoint: grpc-dotnet's catch-all for unknown methods answers, behind authentication.
        Assert.Contains(anonymous.StatusCode, new[] { StatusCode.Unauthenticated, StatusCode.Unimplemented });
        Assert.Equal(StatusCode.Unimplemented, withToken.StatusCode);
    }

    private static async Task<RpcException> ListServicesAsync(ServerReflection.ServerReflectionClient reflection, CallOptions options)
    {
        using var call = reflection.ServerReflectionInfo(options);
        return await Assert.ThrowsAsync<RpcException>(async () =>
        {
            await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
            await call.ResponseStream.MoveNext();
        });
    }
}
