namespace Aggregator.Storage;

/// <summary>The partition's current revision and a reader's cached bytes with the revision they were computed at.</summary>
public readonly record struct RevisionAndCache(long Revision, byte[]? Cached, long CachedRevision)
{
    /// <summary>True when the cache exists and is current.</summary>
    public bool IsCurrent => Cached is not null && CachedRevision == Revision;
}
