using System.Collections.Immutable;
using System.Diagnostics;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage.Records;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>The read path: heads, stored versions, whole partitions.</summary>
public sealed partial class RedisReportStore
{
    public async Task<UnitHead> GetHeadAsync(UnitId unit, ReportYear year, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var partition = PartitionOf(unit, year);
        var head = await Guard(db.HashGetAsync(RedisKeys.Heads(partition), unit.Value), cancellationToken);
        return UnitHead.Parse(head);
    }

    public async Task<StoredRecord?> GetAsync(UnitId unit, ReportYear year, long? version = null, RecordSource source = RecordSource.Unspecified, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var partition = PartitionOf(unit, year);
        var head = UnitHead.Parse(await Guard(db.HashGetAsync(RedisKeys.Heads(partition), unit.Value), cancellationToken));
        RecordSource src;
        long v;
        if (version is { } requested)
        {
            src = source == RecordSource.Unspecified ? EffectiveVersion(head).Source : source;
            v = requested;
        }
        else
        {
            (src, v) = source switch
            {
                RecordSource.Submission => (RecordSource.Submission, head.SubmissionVersion),
                RecordSource.Published => (RecordSource.Published, head.PublishedVersion),
                _ => EffectiveVersion(head),
            };
        }

        if (v <= 0 || src == RecordSource.Unspecified)
        {
            return null;
        }

        var blob = await Guard(db.HashGetAsync(RedisKeys.Blobs(partition), RedisKeys.BlobField(unit, src, v)), cancellationToken);
        return blob.IsNull ? null : new StoredRecord(head, BlobCodec.Decode(StoredVersion.Parser, (byte[])blob!));
    }

    public async Task<PartitionSnapshot> GetPartitionAsync(PartitionKey partition, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var result = await Guard(db.ScriptEvaluateAsync(LuaScripts.ReadPartition,
            [RedisKeys.Heads(partition), RedisKeys.Blobs(partition), RedisKeys.Revision(partition)]), cancellationToken);
        _telemetry.RecordRoundTrip("partition", Stopwatch.GetElapsedTime(start));
        var array = (RedisResult[])result!;
        var revision = long.Parse((string)array[0]!, System.Globalization.CultureInfo.InvariantCulture);
        var units = ImmutableArray.CreateBuilder<UnitSnapshot>((array.Length - 1) / 4);
        for (var i = 1; i + 3 < array.Length; i += 4)
        {
            var unit = new UnitId((string)array[i]!);
            var head = UnitHead.Parse((string?)array[i + 1]);
            var sub = (byte[]?)array[i + 2];
            var pub = (byte[]?)array[i + 3];
            units.Add(new UnitSnapshot(unit, head,
                sub is { Length: > 0 } ? BlobCodec.Decode(StoredVersion.Parser, sub) : null,
                pub is { Length: > 0 } ? BlobCodec.Decode(StoredVersion.Parser, pub) : null));
        }

        return new PartitionSnapshot(partition, revision, units.ToImmutable());
    }

    public async Task<PartitionHeads> GetHeadsAsync(PartitionKey partition, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var result = await Guard(db.ScriptEvaluateAsync(LuaScripts.ReadHeads, [RedisKeys.Heads(partition), RedisKeys.Revision(partition)]), cancellationToken);
        _telemetry.RecordRoundTrip("heads", Stopwatch.GetElapsedTime(start));
        var array = (RedisResult[])result!;
        var revision = long.Parse((string)array[0]!, System.Globalization.CultureInfo.InvariantCulture);
        var heads = new Dictionary<UnitId, UnitHead>((array.Length - 1) / 2);
        for (var i = 1; i + 1 < array.Length; i += 2)
        {
            heads[new UnitId((string)array[i]!)] = UnitHead.Parse((string?)array[i + 1]);
        }

        return new PartitionHeads(partition, revision, heads);
    }

    public async Task<IReadOnlyList<StoredVersion?>> GetVersionsAsync(PartitionKey partition, IReadOnlyList<VersionRef> versions, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(versions);
        if (versions.Count == 0)
        {
            return [];
        }

        var db = await DatabaseAsync(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var fields = new RedisValue[versions.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = RedisKeys.BlobField(versions[i].Unit, versions[i].Source, versions[i].Version);
        }

        var blobs = await Guard(db.HashGetAsync(RedisKeys.Blobs(partition), fields), cancellationToken);
        _telemetry.RecordRoundTrip("versions", Stopwatch.GetElapsedTime(start));
        return [.. blobs.Select(b => b.IsNull ? null : BlobCodec.Decode(StoredVersion.Parser, (byte[])b!))];
    }

    private static (RecordSource Source, long Version) EffectiveVersion(UnitHead head) =>
        head.SubmissionVersion > 0 ? (RecordSource.Submission, head.SubmissionVersion)
        : head.PublishedVersion > 0 ? (RecordSource.Published, head.PublishedVersion)
        : (RecordSource.Unspecified, 0);
}
