using System.Collections.Immutable;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage.Records;
using StackExchange.Redis;
using VersionInfo = Aggregator.Contracts.V1.VersionInfo;

namespace Aggregator.Storage.Redis;

/// <summary>The history of a unit-year: its versions and reviews.</summary>
public sealed partial class RedisReportStore
{
    public async Task<UnitHistory> ListVersionsAsync(UnitId unit, ReportYear year, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        var partition = PartitionOf(unit, year);
        var headTask = db.HashGetAsync(RedisKeys.Heads(partition), unit.Value);
        var historyTask = db.ListRangeAsync(RedisKeys.History(partition, unit));
        var head = UnitHead.Parse(await Guard(headTask, cancellationToken));
        var entries = await Guard(historyTask, cancellationToken);
        // A version is listed once (its last entry) and only when the head makes it visible: an entry
        // left by a write that never completed (see LuaScripts.Apply) is not history. One pass over
        // the entries; the unit-year's versions are capped (Aggregator:Limits:MaxVersionsPerUnitYear).
        var versions = new Dictionary<(RecordSource Source, long Version), VersionInfo>();
        var reviews = ImmutableArray.CreateBuilder<ReviewEvent>();
        foreach (var e in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = HistoryEntry.Parser.ParseFrom((byte[])e!);
            if (entry.EntryCase == HistoryEntry.EntryOneofCase.Version)
            {
                var v = entry.Version;
                var visible = v.Source == RecordSource.Published ? head.PublishedVersion : head.SubmissionVersion;
                if (v.Version <= visible)
                {
                    versions[(v.Source, v.Version)] = v;
                }
            }
            else if (entry.EntryCase == HistoryEntry.EntryOneofCase.Review)
            {
                reviews.Add(entry.Review);
            }
        }

        // Every version the head shows has its blob, which carries its VersionInfo: a history entry
        // missing after a crash (embedded Garnet's recovery has been seen to lose list writes that
        // the hash writes of the same script kept) is rebuilt from it, so history stays complete.
        var missing = new List<(RecordSource Source, long Version)>();
        foreach (var (source, latest) in new[] { (RecordSource.Submission, head.SubmissionVersion), (RecordSource.Published, head.PublishedVersion) })
        {
            for (var v = 1L; v <= latest; v++)
            {
                if (!versions.ContainsKey((source, v)))
                {
                    missing.Add((source, v));
                }
            }
        }

        if (missing.Count > 0)
        {
            var blobs = await Guard(db.HashGetAsync(RedisKeys.Blobs(partition), [.. missing.Select(m => (RedisValue)RedisKeys.BlobField(unit, m.Source, m.Version))]), cancellationToken);
            foreach (var blob in blobs)
            {
                if (!blob.IsNull)
                {
                    var info = BlobCodec.Decode(StoredVersion.Parser, (byte[])blob!).Info;
                    versions[(info.Source, info.Version)] = info;
                }
            }
        }

        return new UnitHistory(head, [.. versions.Values.OrderBy(v => v.StoredAt?.ToDateTimeOffset()).ThenBy(v => v.Version)], reviews.ToImmutable());
    }
}
