using Aggregator.Contracts.V1;
using Aggregator.Queries;
using Aggregator.Security;
using Aggregator.Server.Registry;
using Aggregator.Testing;
using Grpc.Net.Client;
using StackExchange.Redis;

namespace Aggregator.Server.Tests;

/// <summary>
/// The rollup digest cache key names the cell catalog by a fingerprint that is the same in every
/// process (issue 18: it was built with <see cref="HashCode"/>, seeded per process, so every restart
/// and every replica had its own keys and none were shared).
/// </summary>
public sealed class CatalogFingerprintTests
{
    [Fact]
    public async Task DigestKey_WrittenByAnotherProcess_CarriesThisProcesssFingerprint()
    {
        var data = Directory.CreateTempSubdirectory("agg-fingerprint-").FullName;
        var port = Storage.Redis.EmbeddedGarnet.FreePort();
        var (server, address) = await CrashDurabilityTests.StartServerAsync(data, port);
        try
        {
            var key = SigningKey.Load(Path.Combine(data, "signing-key"));
            using var channel = GrpcChannel.ForAddress(address);
            var city = ServerFixture.With(TokenIssuer.Mint(key, "4208", Roles.City, TimeSpan.FromHours(1)));
            await new QueryService.QueryServiceClient(channel).GetRollupAsync(new GetRollupRequest { UnitId = "4208", Year = 2021 }, city);

            var password = (await File.ReadAllTextAsync(Storage.Redis.EmbeddedGarnet.PasswordPath(Path.Combine(data, "garnet")))).Trim();
            await using var redis = await ConnectionMultiplexer.ConnectAsync("127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",password=" + password);
            var keys = new List<string>();
            await foreach (var k in redis.GetServers()[0].KeysAsync(pattern: "agg:{4208:2021}:cache:d:*"))
            {
                keys.Add(k.ToString());
            }

            // agg:{4208:2021}:cache:d:{policy}:{catalog fingerprint}:{tree fingerprint}:{node}; the tree is
            // the 2021 tree of the registry the child process loaded.
            var tree = RegistryLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "registry", "jingmen.yaml")).ForYear(2021);
            var digest = Assert.Single(keys);
            Assert.Equal("agg:{4208:2021}:cache:d:1:" + RollupEngine.CatalogFingerprint + ":" + tree.Fingerprint + ":4208", digest);
            Assert.Matches("^[0-9a-f]{16}$", RollupEngine.CatalogFingerprint);
        }
        finally
        {
            await ChildProcess.KillAsync(server);
            ChildProcess.DeleteDirectory(data);
        }
    }
}
