using System.Diagnostics;
using System.Globalization;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>The audit trails (see <see cref="IAuditStore"/>; the write path appends in <see cref="LuaScripts.Apply"/>).</summary>
public sealed partial class RedisReportStore
{
    /// <summary>Entries read per script call when verifying a whole trail.</summary>
    private const int VerifyChunk = 5000;

    public bool AuditEnabled => _audit.Enabled;

    public AuditTrail AuditTrailOf(string unitId, int year) =>
        ReportYear.IsValid(year) && _registry.TryGet(unitId, out var unit)
            ? new AuditTrail(PartitionOf(unit.Id, new ReportYear(year)))
            : AuditTrail.Deployment;

    public async Task AppendAuditAsync(AuditTrail trail, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (!_audit.Enabled || entries.Count == 0)
        {
            return;
        }

        var db = await DatabaseAsync(cancellationToken);
        var start = Stopwatch.GetTimestamp();
        var args = new RedisValue[1 + entries.Count];
        args[0] = _audit.MaxEntriesPerTrail;
        for (var i = 0; i < entries.Count; i++)
        {
            args[i + 1] = entries[i].Encode();
        }

        await Guard(db.ScriptEvaluateAsync(LuaScripts.AppendAudit, [RedisKeys.Audit(trail), RedisKeys.AuditHead(trail)], args), cancellationToken);
        await Guard(_connection.CommitAsync(db, trail.Partition is { } p ? [p] : []), cancellationToken);
        _telemetry.RecordRoundTrip("audit", Stopwatch.GetElapsedTime(start));
    }

    public async Task<AuditPage> ReadAuditAsync(AuditTrail trail, long from, int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var db = await DatabaseAsync(cancellationToken);
        var head = AuditHead.Parse((string?)await Guard(db.StringGetAsync(RedisKeys.AuditHead(trail)), cancellationToken));
        var top = from == 0 || from > head.Last ? head.Last : from;
        var first = Math.Max(head.First, 1);
        if (head.Count == 0 || top < first)
        {
            return new AuditPage(head, [], 0);
        }

        var bottom = Math.Max(first, top - count + 1);
        var (current, stored) = await ReadRangeAsync(db, trail, top, bottom, cancellationToken);
        var entries = new List<(long, AuditLink?)>(stored.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            entries.Add((top - i, AuditLink.TryParse(stored[i])));
        }

        return new AuditPage(current, entries, bottom > Math.Max(current.First, 1) ? bottom - 1 : 0);
    }

    public async Task<AuditVerification> VerifyAuditAsync(AuditTrail trail, CancellationToken cancellationToken = default)
    {
        var db = await DatabaseAsync(cancellationToken);
        // Retention may remove the oldest entries while the trail is read: start again from the new first.
        for (var attempt = 0; ; attempt++)
        {
            var head = AuditHead.Parse((string?)await Guard(db.StringGetAsync(RedisKeys.AuditHead(trail)), cancellationToken));
            var stored = new List<string?>((int)Math.Min(head.Count, int.MaxValue));
            var trimmedMeanwhile = false;
            for (var from = head.First; head.Count > 0 && from <= head.Last; from += VerifyChunk)
            {
                var to = Math.Min(head.Last, from + VerifyChunk - 1);
                var (now, chunk) = await ReadRangeAsync(db, trail, from, to, cancellationToken);
                trimmedMeanwhile |= now.First > head.First;
                stored.AddRange(chunk);
            }

            if (!trimmedMeanwhile || attempt == 2)
            {
                return AuditChain.Verify(head, stored);
            }
        }
    }

    /// <summary>One script call: the head and the stored text under <paramref name="from"/>..<paramref name="to"/> (null where none).</summary>
    private async Task<(AuditHead Head, List<string?> Stored)> ReadRangeAsync(IDatabase db, AuditTrail trail, long from, long to, CancellationToken cancellationToken)
    {
        var result = await Guard(db.ScriptEvaluateAsync(LuaScripts.ReadAudit, [RedisKeys.Audit(trail), RedisKeys.AuditHead(trail)],
            [from.ToString(CultureInfo.InvariantCulture), to.ToString(CultureInfo.InvariantCulture)]), cancellationToken);
        var array = (RedisResult[])result!;
        var stored = new List<string?>(array.Length - 1);
        for (var i = 1; i < array.Length; i++)
        {
            var text = (string?)array[i];
            stored.Add(string.IsNullOrEmpty(text) ? null : text);
        }

        return (AuditHead.Parse((string?)array[0]), stored);
    }
}
