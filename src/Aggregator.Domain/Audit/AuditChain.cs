using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Aggregator.Domain.Audit;

/// <summary>
/// The hash chain of an audit trail. Each entry's hash is <c>sha1hex(previous hash | seq | encoded entry)</c>
/// (the first entry's previous hash is ""), computed by the store's Lua script (<c>redis.sha1hex</c>) in the
/// same atomic write as the action it records; <see cref="Verify"/> recomputes it here. SHA-1 is what both
/// Redis and Garnet offer inside Lua; the chain protects against edits, not against someone who can
/// rewrite the whole tail after the edit (see docs/RELIABILITY.md: anchor the head externally for that).
/// </summary>
public static class AuditChain
{
    /// <summary>The hash of an entry given the previous one's (lower-case hex, as <c>redis.sha1hex</c>).</summary>
    public static string HashOf(string previousHash, long seq, string encodedEntry)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{previousHash}|{seq}|{encodedEntry}");
#pragma warning disable CA5350 // Not a secret: the chain hash Redis/Garnet Lua can compute (redis.sha1hex).
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5350
    }

    /// <summary>
    /// Recomputes the chain from <paramref name="head"/>'s first retained entry to its last and reports the
    /// first entry that was changed, removed or moved. <paramref name="stored"/> is the stored text under
    /// each sequence number from <see cref="AuditHead.First"/> to <see cref="AuditHead.Last"/> in order
    /// (null where nothing is stored).
    /// </summary>
    public static AuditVerification Verify(AuditHead head, IReadOnlyList<string?> stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (head.Count == 0)
        {
            return new AuditVerification(0, 0, 0, false, AuditProblem.None, 0, "The trail is empty.");
        }

        if (stored.Count != head.Count)
        {
            throw new ArgumentException($"Expected the {head.Count} entries {head.First}..{head.Last}, got {stored.Count}.", nameof(stored));
        }

        var trimmed = head.First > 1;
        AuditVerification Problem(AuditProblem problem, long seq, string detail) =>
            new(head.First, head.Last, head.Count, trimmed, problem, seq, detail) { HeadHash = head.Hash };

        string? previous = head.First == 1 ? "" : null;
        for (var i = 0; i < stored.Count; i++)
        {
            var seq = head.First + i;
            if (stored[i] is null)
            {
                return Problem(AuditProblem.Removed, seq, $"Entry {seq} is missing (removed).");
            }

            if (AuditLink.TryParse(stored[i]) is not { } link)
            {
                return Problem(AuditProblem.Changed, seq, $"Entry {seq} is not a chained entry (changed).");
            }

            if (link.Seq != seq)
            {
                return Problem(AuditProblem.Reordered, seq, $"Entry {link.Seq} is stored in place of entry {seq} (moved).");
            }

            if (AuditChain.HashOf(link.PreviousHash, link.Seq, link.EncodedEntry) != link.Hash)
            {
                return Problem(AuditProblem.Changed, seq, $"Entry {seq} does not match its hash (changed).");
            }

            if (previous is not null && link.PreviousHash != previous)
            {
                return seq == 1 || i == 0
                    ? Problem(AuditProblem.Changed, seq, $"Entry {seq} does not start the chain (changed).")
                    : Problem(AuditProblem.Changed, seq - 1, $"Entry {seq - 1} was rewritten: entry {seq} recorded another hash for it (changed).");
            }

            previous = link.Hash;
        }

        if (previous != head.Hash)
        {
            return Problem(AuditProblem.Changed, head.Last, $"Entry {head.Last} was rewritten: the trail's head recorded another hash for it (changed).");
        }

        return Problem(AuditProblem.None, 0, trimmed
            ? $"Intact: entries {head.First}..{head.Last} (entries before {head.First} were removed by retention; verification starts at {head.First})."
            : $"Intact: entries 1..{head.Last}.");
    }
}
