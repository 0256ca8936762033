using Aggregator.Benchmarks.Echo;
using Aggregator.Server;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aggregator.Benchmarks.Harness;

/// <summary>The baseline: echoes every payload back, nothing else.</summary>
internal sealed class EchoServiceImpl : EchoService.EchoServiceBase
{
    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse { Payload = request.Payload });

    public override async Task EchoStream(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoResponse> responseStream, ServerCallContext context)
    {
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            await responseStream.WriteAsync(new EchoResponse { Payload = request.Payload }, context.CancellationToken);
        }
    }
}

/// <summary>
/// The echo baseline hosted the way the server under test is: a Kestrel h2c endpoint on
/// 127.0.0.1:0 in this same process, the same gRPC message limits, no logging providers.
/// </summary>
internal sealed class EchoHost : IAsyncDisposable
{
    private WebApplication? _app;

    public GrpcChannel Channel { get; private set; } = null!;

    public EchoService.EchoServiceClient Client => new(Channel);

    public static async Task<EchoHost> StartAsync()
    {
        var host = new EchoHost();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = new LimitsOptions().MaxMessageBytes;
            o.MaxSendMessageSize = new LimitsOptions().MaxMessageBytes;
        });
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        host._app = builder.Build();
        host._app.MapGrpcService<EchoServiceImpl>();
        await host._app.StartAsync();
        var address = host._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Channel = GrpcChannel.ForAddress(address);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        Channel?.Dispose();
        if (_app is { } app)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
