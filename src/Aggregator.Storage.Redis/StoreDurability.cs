using System.Globalization;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>The outcome of the last durability check of the store (see <see cref="RedisDurabilityOptions"/>).</summary>
/// <param name="Ready">True when the store may serve: durable, or its shortcomings accepted by configuration.</param>
/// <param name="Reason">What was found, in words for the log and the readiness probe.</param>
/// <param name="Replicas">Replicas each batch waits for (0: none).</param>
/// <param name="WaitAof">True when the primaries have WAITAOF (Redis 7.2+); WAIT otherwise.</param>
/// <param name="CheckAgain">True when the check could not complete (store unreachable): the next readiness probe runs it again.</param>
public sealed record StoreDurability(bool Ready, string Reason, int Replicas, bool WaitAof, bool CheckAgain)
{
    internal static StoreDurability Embedded { get; } = new(true, "embedded Garnet: AOF, one COMMITAOF per group-commit batch", 0, false, false);

    internal static StoreDurability NotChecked { get; } = new(false, "the store's durability was not checked yet", 0, false, true);

    /// <summary>
    /// Reads <c>appendonly</c>, <c>appendfsync</c>, <c>maxmemory-policy</c> and <c>connected_slaves</c>
    /// on every connected primary over a short-lived admin connection (CONFIG and INFO are admin
    /// commands; the store's own connection does not need admin rights).
    /// </summary>
    internal static async Task<StoreDurability> CheckAsync(ConfigurationOptions store, RedisDurabilityOptions options)
    {
        var config = store.Clone();
        config.AllowAdmin = true;
        config.ClientName = "aggregator-durability-check";
        try
        {
            await using var mux = await ConnectionMultiplexer.ConnectAsync(config);
            var primaries = mux.GetServers().Where(s => s.IsConnected && !s.IsReplica).ToList();
            if (primaries.Count == 0)
            {
                return new(false, "no primary of the store is reachable to check its durability; checked again on reconnect", 0, false, true);
            }

            var notDurable = new List<string>();
            var evicting = new List<string>();
            var unverified = new List<string>();
            var replicas = int.MaxValue;
            var waitAof = true;
            foreach (var server in primaries)
            {
                var at = server.EndPoint.ToString();
                try
                {
                    var appendonly = await ConfigAsync(server, "appendonly");
                    var fsync = await ConfigAsync(server, "appendfsync");
                    var policy = await ConfigAsync(server, "maxmemory-policy");
                    if (appendonly != "yes")
                    {
                        notDurable.Add($"{at} has appendonly '{appendonly}' (acknowledged writes are lost when it restarts)");
                    }
                    else if (fsync != "always")
                    {
                        notDurable.Add($"{at} has appendfsync '{fsync}', not 'always' (writes acknowledged shortly before a crash are lost)");
                    }

                    if (policy != "noeviction")
                    {
                        evicting.Add($"{at} has maxmemory-policy '{policy}', not 'noeviction' (stored reports can be evicted)");
                    }
                }
                catch (RedisServerException e)
                {
                    unverified.Add($"{at} refused CONFIG GET ({e.Message})");
                }

                var connected = 0;
                try
                {
                    var info = await server.InfoAsync("replication");
                    var value = info.SelectMany(g => g).FirstOrDefault(p => p.Key == "connected_slaves").Value;
                    connected = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                }
                catch (RedisServerException)
                {
                    // INFO disabled: only the configured replica count applies.
                }

                replicas = Math.Min(replicas, connected);
                waitAof &= server.Version >= new Version(7, 2);
            }

            var wait = options.Replicas ?? replicas;
            var problems = new List<string>();
            var accepted = new List<string>();
            Sort(notDurable, options.AcceptNotDurable, "Aggregator:Redis:Durability:AcceptNotDurable", problems, accepted);
            Sort(evicting, options.AcceptEviction, "Aggregator:Redis:Durability:AcceptEviction", problems, accepted);
            Sort(unverified, options.AcceptUnverified,
                "Aggregator:Redis:Durability:AcceptUnverified after making sure the store runs appendonly yes, appendfsync always and maxmemory-policy noeviction", problems, accepted);
            var replication = wait > 0
                ? string.Create(CultureInfo.InvariantCulture, $"each batch waits for {wait} replica(s) ({(waitAof ? "WAITAOF" : "WAIT")}, {options.ReplicaTimeout.TotalMilliseconds} ms)")
                : "no replicas waited for";
            return problems.Count > 0
                ? new(false, string.Join("; ", problems), wait, waitAof, false)
                : new(true, (accepted.Count > 0 ? "ACCEPTED BY CONFIGURATION: " + string.Join("; ", accepted) : "appendonly yes, appendfsync always, noeviction on every primary") + "; " + replication,
                    wait, waitAof, false);
        }
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException or TimeoutException)
        {
            return new(false, "the store's durability could not be checked: " + e.Message, 0, false, true);
        }
    }

    private static void Sort(List<string> found, bool accept, string setting, List<string> problems, List<string> accepted)
    {
        if (found.Count == 0)
        {
            return;
        }

        if (accept)
        {
            accepted.AddRange(found);
        }
        else
        {
            problems.Add(string.Join("; ", found) + " — fix the store, or set " + setting + "=true to accept it");
        }
    }

    private static async Task<string> ConfigAsync(IServer server, string name)
    {
        var pairs = await server.ConfigGetAsync(name);
        return pairs.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value ?? "";
    }
}
