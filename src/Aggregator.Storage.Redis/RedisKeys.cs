using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.UnitYears;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>
/// Every Redis key and hash field of the store, built in one place. All keys of a partition
/// (city-year) share its hash tag, so every script touches one slot on Redis Cluster.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>agg:{p:y}:heads</c> hash: unit id → <see cref="UnitHead"/> text.</item>
/// <item><c>agg:{p:y}:blobs</c> hash: <c>unit|s|n</c> (submission) or <c>unit|p|n</c> (published) → StoredVersion bytes.</item>
/// <item><c>agg:{p:y}:idem</c> hash: <c>unit|k|key</c> (submission) or <c>unit|b|sha256</c> (backfill) → stored acknowledgement.</item>
/// <item><c>agg:{p:y}:hist:unit</c> list: HistoryEntry bytes, oldest first.</item>
/// <item><c>agg:{p:y}:rev</c> counter: incremented by every write of the partition.</item>
/// <item><c>agg:{p:y}:cache:name</c> string: 8-byte revision + cached bytes (readers' caches).</item>
/// <item><c>agg:{p:y}:reminders</c> hash: <c>unit|yyyy-MM-dd</c> → when the reminder of that unit and day (Asia/Shanghai) was claimed; at most one reminder per unit and day across replicas.</item>
/// <item>channel <c>agg:{p:y}:events</c>: the unit id of every write.</item>
/// <item><c>agg:{p:y}:audit</c> hash: sequence number → chained audit entry (<see cref="Aggregator.Domain.Audit.AuditLink"/>);
/// <c>agg:{p:y}:audit:head</c> string: <see cref="Aggregator.Domain.Audit.AuditHead"/>. The deployment-wide
/// trail (refusals with no valid token, or naming no unit and year) is <c>agg:{deployment}:audit</c> and its head.</item>
/// </list>
/// </remarks>
public static class RedisKeys
{
    public const string Prefix = "agg:";

    /// <summary>Pattern of every partition's events channel.</summary>
    public static readonly RedisChannel EventsPattern = RedisChannel.Pattern(Prefix + "*:events");

    public static RedisKey Heads(PartitionKey p) => Prefix + p.HashTag + ":heads";

    public static RedisKey Blobs(PartitionKey p) => Prefix + p.HashTag + ":blobs";

    public static RedisKey Idempotency(PartitionKey p) => Prefix + p.HashTag + ":idem";

    public static RedisKey History(PartitionKey p, UnitId unit) => Prefix + p.HashTag + ":hist:" + unit.Value;

    public static RedisKey Revision(PartitionKey p) => Prefix + p.HashTag + ":rev";

    public static RedisKey Cache(PartitionKey p, string name) => Prefix + p.HashTag + ":cache:" + name;

    public static RedisKey Reminders(PartitionKey p) => Prefix + p.HashTag + ":reminders";

    /// <summary>The reminder field of a unit and a day (Asia/Shanghai).</summary>
    public static string ReminderField(UnitId unit, DateOnly day) => unit.Value + "|" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The audit trail's entries (hash: sequence number → <see cref="Aggregator.Domain.Audit.AuditLink"/> text).</summary>
    public static RedisKey Audit(AuditTrail trail) => Prefix + trail.HashTag + ":audit";

    /// <summary>The audit trail's head (<see cref="Aggregator.Domain.Audit.AuditHead"/> text), in the same slot as its entries.</summary>
    public static RedisKey AuditHead(AuditTrail trail) => Prefix + trail.HashTag + ":audit:head";

    public static RedisChannel Events(PartitionKey p) => RedisChannel.Literal(Prefix + p.HashTag + ":events");

    /// <summary>The blob field of a version.</summary>
    public static string BlobField(UnitId unit, RecordSource source, long version) =>
        unit.Value + (source == RecordSource.Published ? "|p|" : "|s|") + version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The idempotency field of a submission key.</summary>
    public static string SubmissionKeyField(UnitId unit, string idempotencyKey) => unit.Value + "|k|" + idempotencyKey;

    /// <summary>The idempotency field of a backfilled document.</summary>
    public static string BackfillKeyField(UnitId unit, string contentSha256) => unit.Value + "|b|" + contentSha256;

    /// <summary>Parses an events channel name back into its partition.</summary>
    public static bool TryParseEvents(string channel, out PartitionKey partition)
    {
        partition = default;
        var open = channel.IndexOf('{', StringComparison.Ordinal);
        var close = channel.IndexOf('}', StringComparison.Ordinal);
        if (!channel.StartsWith(Prefix, StringComparison.Ordinal) || open < 0 || close < open)
        {
            return false;
        }

        var tag = channel.AsSpan(open + 1, close - open - 1);
        var colon = tag.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(tag[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !ReportYear.IsValid(year) || !UnitId.IsValid(tag[..colon].ToString()))
        {
            return false;
        }

        partition = new PartitionKey(new UnitId(tag[..colon].ToString()), new ReportYear(year));
        return true;
    }
}
