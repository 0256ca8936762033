using Aggregator.Domain.Registry;
using Aggregator.Server.Registry;
using Aggregator.Server.Tests;

namespace Aggregator.Cluster.Tests;

/// <summary>
/// The real server in-process (the unchanged <see cref="ServerFixture"/>) over a fresh 3-master
/// <see cref="RedisCluster"/>, with a registry of the Jingmen sample plus synthetic cities.
/// </summary>
/// <remarks>
/// <see cref="ServerFixture"/> has no hook for the store settings, and it adds its own settings
/// after the environment variables, so the connection string (which it does not set when it runs
/// Garnet) and the registry path are passed as <c>Aggregator__*</c> environment variables for the
/// time the host is built, one fixture at a time. <see cref="IAsyncLifetime"/> is re-implemented
/// so xunit calls these methods, which wrap the base ones.
/// </remarks>
public sealed class ClusterServerFixture : ServerFixture, IAsyncLifetime
{
    /// <summary>Synthetic cities <c>p01-c001</c>… (each with <see cref="DistrictsPerCity"/> districts) beside Jingmen.</summary>
    public const int SyntheticCities = 4;

    public const int DistrictsPerCity = 3;

    private const string ConnectionStringVariable = "Aggregator__Redis__ConnectionString";
    private const string RegistryPathVariable = "Aggregator__RegistryPath";

    private static readonly SemaphoreSlim s_environment = new(1, 1);

    private readonly string _registryPath = Path.Combine(Path.GetTempPath(), "agg-cluster-registry-" + Guid.NewGuid().ToString("N") + ".yaml");

    /// <summary>Garnet is not used: the connection string comes from the environment (see remarks).</summary>
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

            await s_environment.WaitAsync();
            try
            {
                Environment.SetEnvironmentVariable(ConnectionStringVariable, Cluster.ConnectionString);
                Environment.SetEnvironmentVariable(RegistryPathVariable, _registryPath);
                await base.InitializeAsync();
            }
            finally
            {
                Environment.SetEnvironmentVariable(ConnectionStringVariable, null);
                Environment.SetEnvironmentVariable(RegistryPathVariable, null);
                s_environment.Release();
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

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
