using Aggregator.Domain.Audit;

namespace Aggregator.Domain.Tests;

public sealed class AuditChainTests
{
    private static AuditEntry Entry(int i) =>
        new(new DateTimeOffset(2026, 12, 4, 8, 0, i, TimeSpan.Zero), AuditAction.Submit, AuditOutcome.Succeeded,
            new AuditActor("alice", "jingmen-zhanghe", "district", "10.0.0.1"), "jingmen-zhanghe", 2025, i, "key-" + i);

    /// <summary>Chains entries the way the store's Lua script does.</summary>
    private static List<string?> Chain(int count, long first = 1, string previous = "")
    {
        var links = new List<string?>();
        for (var seq = first; seq < first + count; seq++)
        {
            var encoded = Entry((int)seq).Encode();
            var hash = AuditChain.HashOf(previous, seq, encoded);
            links.Add(new AuditLink(seq, previous, hash, encoded).Format());
            previous = hash;
        }

        return links;
    }

    private static AuditHead HeadOf(List<string?> links) =>
        new(AuditLink.TryParse(links[0])!.Seq, AuditLink.TryParse(links[^1])!.Seq, AuditLink.TryParse(links[^1])!.Hash);

    [Fact]
    public void Entry_EncodeDecode_RoundTrips()
    {
        var entry = new AuditEntry(new DateTimeOffset(2026, 12, 4, 16, 0, 0, 123, TimeSpan.FromHours(8)), AuditAction.Denied, AuditOutcome.Refused,
            new AuditActor("", "", "", "::1"), "jingmen-shayang", 2024, statusCode: 7, detail: "A district token of unit 'x' may not read unit 'y'.");

        var decoded = AuditEntry.Decode(entry.Encode());

        Assert.Equal(entry, decoded);
        Assert.Equal(TimeSpan.Zero, decoded.At.Offset);
        Assert.StartsWith("{\"t\":\"2026-12-04T08:00:00.123Z\",\"a\":\"denied\",\"o\":\"refused\"", entry.Encode(), StringComparison.Ordinal);
    }

    [Fact]
    public void Entry_LongDetail_CutToTheLimit()
    {
        var entry = new AuditEntry(DateTimeOffset.UnixEpoch, AuditAction.Export, AuditOutcome.Succeeded, default, "u", 2025, detail: new string('x', 2000));

        Assert.Equal(AuditEntry.MaxDetailLength, entry.Detail.Length);
    }

    [Fact]
    public void Verify_UntouchedChain_Intact()
    {
        var links = Chain(5);

        var result = AuditChain.Verify(HeadOf(links), links);

        Assert.Equal((true, 1L, 5L, 5L, false), (result.Intact, result.FirstSeq, result.LastSeq, result.Count, result.Trimmed));
    }

    [Fact]
    public void Verify_TrimmedChain_IntactFromTheFirstRetainedAndSaysSo()
    {
        var all = Chain(10);
        var retained = all.Skip(4).ToList();

        var result = AuditChain.Verify(HeadOf(retained), retained);

        Assert.Equal((true, true, 5L), (result.Intact, result.Trimmed, result.FirstSeq));
        Assert.Contains("verification starts at 5", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_ChangedEntry_NamesIt()
    {
        var links = Chain(5);
        var head = HeadOf(links);
        links[2] = links[2]!.Replace("key-3", "key-X", StringComparison.Ordinal);

        var result = AuditChain.Verify(head, links);

        Assert.Equal((AuditProblem.Changed, 3L), (result.Problem, result.ProblemSeq));
    }

    [Fact]
    public void Verify_ChangedAndRehashedEntry_NamesIt_LastOneByTheHead()
    {
        var links = Chain(5);
        var head = HeadOf(links);
        Rehash(links, 2);
        var lastChanged = Chain(5);
        Rehash(lastChanged, 4);

        var middle = AuditChain.Verify(head, links);
        var last = AuditChain.Verify(head, lastChanged);

        Assert.Equal((AuditProblem.Changed, 3L), (middle.Problem, middle.ProblemSeq));
        Assert.Equal((AuditProblem.Changed, 5L), (last.Problem, last.ProblemSeq));

        static void Rehash(List<string?> links, int index)
        {
            var link = AuditLink.TryParse(links[index])!;
            var forged = link.EncodedEntry.Replace("alice", "mallory", StringComparison.Ordinal);
            links[index] = (link with { EncodedEntry = forged, Hash = AuditChain.HashOf(link.PreviousHash, link.Seq, forged) }).Format();
        }
    }

    [Fact]
    public void Verify_RemovedOrMovedEntry_NamesIt()
    {
        var links = Chain(5);
        var head = HeadOf(links);
        var removed = links.ToList();
        removed[1] = null;
        var moved = links.ToList();
        (moved[1], moved[2]) = (moved[2], moved[1]);

        Assert.Equal((AuditProblem.Removed, 2L), (AuditChain.Verify(head, removed).Problem, AuditChain.Verify(head, removed).ProblemSeq));
        Assert.Equal((AuditProblem.Reordered, 2L), (AuditChain.Verify(head, moved).Problem, AuditChain.Verify(head, moved).ProblemSeq));
    }

    [Fact]
    public void Head_FormatParse_RoundTrips_EmptyIsDefault()
    {
        var head = new AuditHead(3, 17, "ab12");

        Assert.Equal(head, AuditHead.Parse(head.Format()));
        Assert.Equal(default, AuditHead.Parse(null));
        Assert.Equal(0, default(AuditHead).Count);
        Assert.Throws<FormatException>(() => AuditHead.Parse("x|y"));
    }
}
