using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Grpc.Net.Client;

namespace Aggregator.Benchmarks.Soak;

/// <summary>One server process of a soak with its channel and clients (the channel reconnects by itself after a restart).</summary>
internal sealed class SoakServer(string name, ServerProcess process) : IAsyncDisposable
{
    // grpc-dotnet's default reconnect backoff grows to 120 s, and while it waits every call fails at once with the
    // last connection error: after a few restarts the clients would sit out most of the run. Capped at 1 s.
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(process.Address, new GrpcChannelOptions
    {
        MaxReceiveMessageSize = 64 * 1024 * 1024,
        InitialReconnectBackoff = TimeSpan.FromMilliseconds(200),
        MaxReconnectBackoff = TimeSpan.FromSeconds(1),
    });

    public string Name { get; } = name;

    public ServerProcess Process { get; } = process;

    public SubmissionService.SubmissionServiceClient Submissions => new(_channel);

    public QueryService.QueryServiceClient Queries => new(_channel);

    public AuditService.AuditServiceClient Audit => new(_channel);

    /// <summary>Waits until the server answers a read (after the last restart) or 60 s pass.</summary>
    public async Task WaitUntilServingAsync(Metadata admin, string unit, int year)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await Queries.GetRollupAsync(new GetRollupRequest { UnitId = unit, Year = year }, new CallOptions(admin, DateTime.UtcNow.AddSeconds(10)));
                return;
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await Process.DisposeAsync();
    }
}

/// <summary>The server processes of a soak (one on Garnet, two replicas on redis-server) sharing one key ring.</summary>
internal sealed class SoakServers(IReadOnlyList<SoakServer> all, byte[] signingKey) : IAsyncDisposable
{
    public IReadOnlyList<SoakServer> All { get; } = all;

    /// <summary>The server for the <paramref name="attempt"/>-th connection (round robin, so a client fails over to the other replica).</summary>
    public SoakServer Pick(int attempt) => All[(int)((uint)attempt % (uint)All.Count)];

    /// <summary>Call metadata with a fresh token (minted per call or stream, so no token outlives its lifetime in a long soak).</summary>
    public Metadata Headers(string unit, string role) =>
        new() { { "authorization", "Bearer " + TokenIssuer.Mint(signingKey, unit, role, TimeSpan.FromHours(1)) } };

    public static async Task<SoakServers> StartAsync(int count, string? redisConnectionString, string registryPath)
    {
        var servers = new List<SoakServer>();
        try
        {
            var first = await ServerProcess.StartAsync(redisConnectionString, registryPath);
            servers.Add(new SoakServer("server-1", first));
            for (var i = 2; i <= count; i++)
            {
                servers.Add(new SoakServer("server-" + i.ToString(CultureInfo.InvariantCulture), await ServerProcess.StartAsync(redisConnectionString, registryPath, sameKeysAs: first)));
            }

            return new SoakServers(servers, first.SigningKey);
        }
        catch
        {
            foreach (var s in servers)
            {
                await s.DisposeAsync();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in All)
        {
            await s.DisposeAsync();
        }
    }
}
