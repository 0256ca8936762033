namespace Aggregator.Storage;

/// <summary>Which kind of store the server talks to.</summary>
public enum StoreKind
{
    /// <summary>An external redis-server (or cluster) from the connection string.</summary>
    Redis,

    /// <summary>Microsoft.Garnet hosted in this process.</summary>
    EmbeddedGarnet,
}
