using Aggregator.Domain.Registry;
using Aggregator.Server.Registry;
using Aggregator.Server.Tests;
using Aggregator.Testing.Synthetic;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Aggregator.Cluster.Tests;

/// <summary>
/// The real server in-process (the unchanged <see cref="ServerFixture"/>) over a fresh 3-master
/// <see cref="RedisCluster"/>, with a registry of the Jingmen sample plus synthetic cities.
/// </summary>
/// <remarks>
/// The cluster's connection string and the registry are added through
/// <see cref="ServerFixture.ConfigureBuilder"/>. <see cref="IAsyncLifetime"/> is re-implemented so
/// xunit calls these methods, which wrap the base ones.
/// </remarks>
public sealed class ClusterServerFixture : ServerFixture, IAsyncLifetime
{
    /// <summary>Synthetic cities <c>p01-c001</c>… (each with <see cref="DistrictsPerCity"/> districts) beside Jingmen.</summary>
    public const int SyntheticCities = 4;

    public const int DistrictsPerCity = 3;

    private readonly string _registryPath = Path.Combine(Path.GetTempPath(), "agg-cluster-registry-" + Guid.NewGuid().ToString("N") + ".yaml");

    /// <summary>Garnet is not used: the connection string is the cluster's (see <see cref="ConfigureBuilder"/>).</summary>
    protected override bool UseRedisServer => false;

    public RedisCluster Cluster { get; private set; } = null!;

    /// <summary>The synthetic city ids, e.g. <c>p01-c001</c>.</summary>
    public static IReadOnlyList<string> SyntheticCityIds { get; } =
        Enumerable.Range(1, SyntheticCities).Select(c => $"p01-c{c:D3}").ToList();

    public new async Task InitializeAsync()
    {
        Cluster = await RedisCluster.StartAsync();
        try
        {
            var jingmen = RegistryLoader.ParseDefinitions(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "registry", "jingmen.yaml")));
            var synthetic = SyntheticRegistry.Generate(1, SyntheticCities, DistrictsPerCity);
            await File.WriteAllTextAsync(_registryPath, SyntheticRegistry.ToYaml(jingmen.AddRange(synthetic)));

            await base.InitializeAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    protected override void ConfigureBuilder(WebApplicationBuilder builder) =>
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aggregator:Redis:ConnectionString"] = Cluster.ConnectionString,
            ["Aggregator:RegistryPath"] = _registryPath,
        });

    public new async Task DisposeAsync()
    {
        try
        {
            if (Channel is not null)
            {
                await base.DisposeAsync();
            }
            else if (App is not null)
            {
                // The host was built but did not start.
                await App.DisposeAsync();
            }
        }
        finally
        {
            if (Cluster is not null)
            {
                await Cluster.DisposeAsync();
                Cluster = null!;
            }

            File.Delete(_registryPath);
        }
    }
}
