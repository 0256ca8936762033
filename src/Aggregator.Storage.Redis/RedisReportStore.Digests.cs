using System.Buffers.Binary;

namespace Aggregator.Storage.Redis;

/// <summary>Reader caches (the rollup digests and unit lists) tied to the partition revision.</summary>
public sealed partial class RedisReportStore
{
    public async Task<RevisionAndCache> GetRevisionAndCacheAsync(PartitionKey partition, string cacheName, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var values = await Guard(db.StringGetAsync([RedisKeys.Revision(partition), RedisKeys.Cache(partition, cacheName)]), cancellationToken);
        var revision = values[0].IsNull ? 0 : (long)values[0];
        if (values[1].IsNull)
        {
            return new RevisionAndCache(revision, null, 0);
        }

        var bytes = (byte[])values[1]!;
        return new RevisionAndCache(revision, bytes[8..], BinaryPrimitives.ReadInt64LittleEndian(bytes));
    }

    public async Task<bool> SetCacheIfCurrentAsync(PartitionKey partition, string cacheName, long revision, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var value = new byte[8 + bytes.Length];
        BinaryPrimitives.WriteInt64LittleEndian(value, revision);
        bytes.Span.CopyTo(value.AsSpan(8));
        var result = await Guard(db.ScriptEvaluateAsync(LuaScripts.SetCacheIfCurrent,
            [RedisKeys.Revision(partition), RedisKeys.Cache(partition, cacheName)],
            [revision, value, (long)_options.CacheTtl.TotalMilliseconds]), cancellationToken);
        return (long)result == 1;
    }
}
