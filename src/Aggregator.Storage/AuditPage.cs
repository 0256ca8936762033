using Aggregator.Domain.Audit;

namespace Aggregator.Storage;

/// <summary>A page of an audit trail, newest first.</summary>
/// <param name="Head">The trail's head when read.</param>
/// <param name="Entries">The entries read (newest first), with their sequence numbers; null text where none is stored.</param>
/// <param name="Next">The sequence number to continue from (0 when the first retained entry was read).</param>
public sealed record AuditPage(AuditHead Head, IReadOnlyList<(long Seq, AuditLink? Link)> Entries, long Next);
