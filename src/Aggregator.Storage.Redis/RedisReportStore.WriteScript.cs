using System.Diagnostics;
using Aggregator.Domain;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>The write script: one EVAL per partition applying compare-and-set writes, then the durable commit.</summary>
public sealed partial class RedisReportStore
{
    /// <param name="OverrideIdempotency">
    /// Write even though the idempotency record exists: it was left by a write that never completed
    /// (its version is not visible in the head), so replaying it would acknowledge a version that is
    /// not stored.
    /// </param>
    /// <param name="Audit">The encoded audit entry appended when the item is written ("" = none).</param>
    internal readonly record struct WriteItem(
        UnitId Unit, string ExpectedHead, string NewHead, string IdempotencyField, byte[] Ack, string BlobField, byte[] Blob, byte[] History,
        bool OverrideIdempotency = false, string Audit = "");

    internal readonly record struct ItemResult(long Code, byte[] Bytes);

    /// <summary>One EVAL applying items to one partition and appending their audit entries and <paramref name="refusals"/> to its trail.</summary>
    /// <param name="script">The script text (<see cref="LuaScripts.Apply"/>; the benchmark passes an earlier version of it to compare).</param>
    internal static async Task<ItemResult[]> ApplyAsync(IDatabase db, PartitionKey partition, IReadOnlyList<WriteItem> items,
        int maxAuditEntries, IReadOnlyList<string> refusals, string script = LuaScripts.Apply)
    {
        var historyKeys = new Dictionary<UnitId, int>();
        var trail = new AuditTrail(partition);
        var keys = new List<RedisKey>
        {
            RedisKeys.Heads(partition), RedisKeys.Blobs(partition), RedisKeys.Idempotency(partition), RedisKeys.Revision(partition),
            RedisKeys.Audit(trail), RedisKeys.AuditHead(trail),
        };
        var args = new RedisValue[4 + (items.Count * LuaScripts.ApplyStride) + refusals.Count];
        args[0] = items.Count;
        var a = 1;
        foreach (var item in items)
        {
            if (!historyKeys.TryGetValue(item.Unit, out var index))
            {
                keys.Add(RedisKeys.History(partition, item.Unit));
                index = keys.Count;
                historyKeys[item.Unit] = index;
            }

            args[a++] = item.Unit.Value;
            args[a++] = item.ExpectedHead;
            args[a++] = item.NewHead;
            args[a++] = item.IdempotencyField;
            args[a++] = item.Ack;
            args[a++] = item.BlobField;
            args[a++] = item.Blob;
            args[a++] = index;
            args[a++] = item.History;
            args[a++] = item.OverrideIdempotency ? "1" : "0";
            args[a++] = item.Audit;
        }

        args[a++] = RedisKeys.Events(partition).ToString();
        args[a++] = maxAuditEntries;
        args[a++] = refusals.Count;
        foreach (var entry in refusals)
        {
            args[a++] = entry;
        }

        var result = await db.ScriptEvaluateAsync(script, [.. keys], args);
        var array = (RedisResult[])result!;
        var outcome = new ItemResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var pair = (RedisResult[])array[i]!;
            outcome[i] = new ItemResult((long)pair[0], (byte[]?)pair[1] ?? []);
        }

        return outcome;
    }

    private async Task<ItemResult> WriteDirectAsync(IDatabase db, PartitionKey partition, WriteItem item, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var results = await Guard(ApplyAsync(db, partition, [item], _audit.MaxEntriesPerTrail, []), cancellationToken);
        if (results[0].Code is LuaScripts.Written or LuaScripts.Replayed)
        {
            await Guard(_connection.CommitAsync(db, [partition]), cancellationToken);
        }

        _telemetry.RecordRoundTrip("write", Stopwatch.GetElapsedTime(start));
        return results[0];
    }
}
