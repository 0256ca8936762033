using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Registry;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Aggregator.Queries.Records;
using Aggregator.Storage;
using Google.Protobuf;
using Microsoft.Extensions.Caching.Memory;

namespace Aggregator.Queries;

/// <summary>
/// Rollups for any node of the region tree: the exact sum of every numeric cell over the units
/// below the node, with coverage, contributing and missing units, findings and indicators.
/// </summary>
/// <remarks>
/// A rollup never reads every district's report on the query path. Each partition (city-year)
/// keeps, per node and policy, a digest cached in the store under the partition's revision counter,
/// which every write bumps in the same script. A query reads the digests (one round trip per
/// partition, pipelined). When the partition changed since, the digest is brought up to date by
/// difference: the heads say which units' counted versions changed, and only those versions are
/// read, their old figures subtracted and the new ones added; the whole partition is read only for
/// a first digest or after many changes. A node above city level combines its cities' digests.
/// <para>
/// The finished rollup (digests combined, mapped, checked, with indicators) is kept in process
/// memory under the revisions of the digests it was computed from: a dashboard polling an unchanged
/// node reads the digests (the same one round trip) and decodes and computes nothing (issue 16: what
/// a call allocates, and with it the collections that made the latency tail). Every call still reads
/// the revisions from the store and a changed partition is a new key, so replicas sharing a store
/// never serve a stale rollup.
/// </para>
/// </remarks>
public sealed class RollupEngine(RegionTree tree, IReportStore store)
{
    /// <summary>Finished rollups kept (each one node, year, policy and listing at the revisions it was computed from).</summary>
    internal const int ResultCacheEntries = 1024;

    private readonly MemoryCache _results = new(new MemoryCacheOptions { SizeLimit = ResultCacheEntries });

    /// <summary>Changes whenever the cell catalog changes, so cached ordinals are never misread; stable across processes.</summary>
    internal static readonly string CatalogFingerprint = ComputeFingerprint();

    public RegionTree Tree => tree;

    /// <summary>
    /// The rollup of <paramref name="node"/> for <paramref name="year"/> over that year's tree: the
    /// units valid that year, under the parent they had then. For a year before the node was renamed
    /// or merged, the figures of its predecessors then (<see cref="RegionTree.LineageOf"/>), with notes.
    /// </summary>
    /// <remarks>The message returned may be shared with other callers: clone it before changing it.</remarks>
    public async Task<Rollup> GetRollupAsync(RegionUnit node, ReportYear year, VersionPolicy policy, UnitListing listing, CancellationToken cancellationToken)
    {
        policy = EffectiveRecords.Normalize(policy);
        var withLists = listing is UnitListing.Full or UnitListing.Unspecified or UnitListing.MissingOnly;
        var (sources, notes) = SourcesOf(node, year);
        var parts = sources.SelectMany(source => Parts(source).Select(p => (p.Partition, p.Node, Source: source))).ToList();
        var reads = await Task.WhenAll(parts.Select(p => ReadDigestAsync(p.Partition, p.Node, year, policy, withLists, cancellationToken))).ConfigureAwait(false);
        if (ResultKey(node, year, policy, listing, reads.Select(r => r.IsCurrent ? r.Digest.CachedRevision : (long?)null)) is { } current &&
            _results.TryGetValue(current, out Rollup? kept))
        {
            return kept!;
        }

        var digests = await Task.WhenAll(parts.Select((p, i) => GetDigestAsync(p.Partition, p.Node, year, policy, withLists, reads[i], cancellationToken))).ConfigureAwait(false);

        var acc = new RollupAccumulator();
        var rollup = new Rollup { Policy = policy };
        foreach (var source in sources)
        {
            // A leaf unit (a district with no units below it) rolls up to its own report.
            rollup.ExpectedUnits += source.Children.Count == 0 ? 1 : source.SubtreeSize - 1;
        }

        for (var i = 0; i < parts.Count; i++)
        {
            var (digest, units) = digests[i];
            var source = parts[i].Source;
            var leaf = source.Children.Count == 0;
            var ownPartition = parts[i].Node == source;
            acc.Add(Restore(digest.Descendants));
            rollup.Revision += digest.Revision;
            rollup.ContributingUnits += digest.Contributing;
            rollup.PublishedUnits += digest.Published;
            rollup.MissingUnits += digest.Expected - digest.Contributing;
            if (!ownPartition || leaf)
            {
                // A partition below the node: its root is one of the node's descendants too.
                // A leaf's rollup is its own report.
                acc.Add(Restore(digest.Own));
                if (digest.OwnContribution is { } c)
                {
                    rollup.ContributingUnits++;
                    rollup.PublishedUnits += c.Source == RecordSource.Published ? 1 : 0;
                }
                else
                {
                    rollup.MissingUnits++;
                }
            }

            if (units is not null)
            {
                if (listing != UnitListing.MissingOnly)
                {
                    rollup.Contributing.AddRange(units.Contributing);
                    if ((!ownPartition || leaf) && digest.OwnContribution is { } own)
                    {
                        rollup.Contributing.Add(own);
                    }
                }

                rollup.Missing.AddRange(units.Missing);
                if ((!ownPartition || leaf) && digest.OwnMissing is { } missing)
                {
                    rollup.Missing.Add(missing);
                }
            }
        }

        var report = acc.ToReport(node.Id, year);
        rollup.Total = ReportMapper.ToProto(report);
        foreach (var (cell, units) in acc.Coverage())
        {
            rollup.Coverage.Add(new CellCoverage { Cell = cell.Path, ReportingUnits = units });
        }

        rollup.Findings.AddRange(RuleEngine.Evaluate(report).Findings.Select(FindingMapper.ToProto));
        rollup.Indicators.AddRange(Indicators.Evaluate(report.Figures).Select(IndicatorMapper.ToProto));
        rollup.RegionNotes.AddRange(notes.Select(n => ToNote(node.Id, n)));
        if (ResultKey(node, year, policy, listing, digests.Select(d => (long?)d.Digest.Revision)) is { } key)
        {
            _results.Set(key, rollup, new MemoryCacheEntryOptions { Size = 1 });
        }

        return rollup;
    }

    /// <summary>What a finished rollup depends on: the node, year, policy, listing, the tree and each digest's revision (null: some digest is not current).</summary>
    private static string? ResultKey(RegionUnit node, ReportYear year, VersionPolicy policy, UnitListing listing, IEnumerable<long?> revisions)
    {
        var key = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{node.Id.Value}|{year.Value}|{(int)policy}|{(int)listing}|{node.Tree.Fingerprint}|"));
        foreach (var revision in revisions)
        {
            if (revision is not { } r)
            {
                return null;
            }

            key.Append(r.ToString(CultureInfo.InvariantCulture)).Append(',');
        }

        return key.ToString();
    }

    /// <summary>A partition's cached digest (and unit lists when asked), read in one step; current when both are.</summary>
    private readonly record struct DigestRead(RevisionAndCache Digest, RevisionAndCache Units, bool WithUnits)
    {
        public bool IsCurrent => Digest.IsCurrent && (!WithUnits || (Units.IsCurrent && Units.CachedRevision == Digest.CachedRevision));
    }

    private static string DigestName(RegionUnit node, VersionPolicy policy) =>
        string.Create(CultureInfo.InvariantCulture, $"d:{(int)policy}:{CatalogFingerprint}:{node.Tree.Fingerprint}:{node.Id.Value}");

    private static string UnitsName(RegionUnit node, VersionPolicy policy) =>
        string.Create(CultureInfo.InvariantCulture, $"u2:{(int)policy}:{node.Tree.Fingerprint}:{node.Id.Value}");

    private async Task<DigestRead> ReadDigestAsync(RegionUnit partition, RegionUnit node, ReportYear year, VersionPolicy policy, bool withUnits, CancellationToken cancellationToken)
    {
        var key = new PartitionKey(partition.Id, year);
        var digestRead = store.GetRevisionAndCacheAsync(key, DigestName(node, policy), cancellationToken);
        var unitsRead = withUnits ? store.GetRevisionAndCacheAsync(key, UnitsName(node, policy), cancellationToken) : Task.FromResult(default(RevisionAndCache));
        return new DigestRead(await digestRead.ConfigureAwait(false), await unitsRead.ConfigureAwait(false), withUnits);
    }

    /// <summary>The area total of each child of <paramref name="node"/> in <paramref name="year"/>'s tree: the child's own report plus everything below it.</summary>
    public async Task<IReadOnlyList<ChildArea>> GetChildAreasAsync(RegionUnit node, ReportYear year, VersionPolicy policy, CancellationToken cancellationToken)
    {
        if (!tree.ForYear(year).TryGet(node.Id, out var yearNode))
        {
            return [];
        }

        return await Task.WhenAll(yearNode.Children.Select(child => GetAreaAsync(child, year, policy, cancellationToken))).ConfigureAwait(false);
    }

    /// <summary>
    /// The area total of <paramref name="unit"/> in <paramref name="year"/> as <see cref="RegionTree.LineageOf"/>
    /// says: its own area, or for a year before it was renamed or merged its predecessors' (summed), with the notes.
    /// </summary>
    public async Task<(RollupAccumulator Area, IReadOnlyList<RegionNote> Notes)> GetLineageAreaAsync(RegionUnit unit, ReportYear year, VersionPolicy policy, CancellationToken cancellationToken)
    {
        var (sources, notes) = SourcesOf(unit, year);
        var areas = await Task.WhenAll(sources.Select(s => GetAreaAsync(s, year, EffectiveRecords.Normalize(policy), cancellationToken))).ConfigureAwait(false);
        var acc = new RollupAccumulator();
        foreach (var area in areas)
        {
            acc.Add(area.Area);
        }

        return (acc, [.. notes.Select(n => ToNote(unit.Id, n))]);
    }

    /// <summary>The partitions whose writes can change the node's rollup or status in <paramref name="year"/>.</summary>
    public IReadOnlyList<PartitionKey> PartitionKeysOf(RegionUnit node, ReportYear year) =>
        [.. SourcesOf(node, year).Sources.SelectMany(Parts).Select(p => new PartitionKey(p.Partition.Id, year)).Distinct()];

    /// <summary>The units of <paramref name="year"/>'s tree whose figures are the node's that year, and the notes why.</summary>
    private (IReadOnlyList<RegionUnit> Sources, IReadOnlyList<LocalizedText> Notes) SourcesOf(RegionUnit node, ReportYear year)
    {
        var yearTree = tree.ForYear(year);
        if (!tree.HasHistory && yearTree.TryGet(node.Id, out var same))
        {
            return ([same], []);
        }

        var lineage = tree.LineageOf(node.Id, year);
        return (lineage.Sources, lineage.Notes);
    }

    private static RegionNote ToNote(UnitId unit, LocalizedText text) => new() { UnitId = unit.Value, TextZh = text.Zh, TextEn = text.En };

    /// <summary>The area total of a unit of a year's tree.</summary>
    private async Task<ChildArea> GetAreaAsync(RegionUnit child, ReportYear year, VersionPolicy policy, CancellationToken cancellationToken)
    {
        policy = EffectiveRecords.Normalize(policy);
        var acc = new RollupAccumulator();
        UnitContribution? own = null;
        foreach (var (partition, partNode) in Parts(child))
        {
            var (digest, _) = await GetDigestAsync(partition, partNode, year, policy, withUnits: false, cancellationToken).ConfigureAwait(false);
            acc.Add(Restore(digest.Descendants));
            if (partNode == child)
            {
                own = digest.OwnContribution;
            }

            // The child's own report, or (for a partition below the child) that partition's root.
            acc.Add(Restore(digest.Own));
        }

        return new ChildArea(child, acc, own);
    }

    /// <summary>The (partition, node) digests whose sum is the node's rollup, in the node's own tree.</summary>
    private static List<(RegionUnit Partition, RegionUnit Node)> Parts(RegionUnit node)
    {
        var partition = RegionTree.PartitionOf(node);
        if (partition != node)
        {
            return [(partition, node)];
        }

        return [.. node.Tree.PartitionsOfSubtree(node).Select(p => (p, p))];
    }

    private Task<(NodeDigest Digest, NodeUnits? Units)> GetDigestAsync(
        RegionUnit partition, RegionUnit node, ReportYear year, VersionPolicy policy, bool withUnits, CancellationToken cancellationToken) =>
        GetDigestAsync(partition, node, year, policy, withUnits, null, cancellationToken);

    private async Task<(NodeDigest Digest, NodeUnits? Units)> GetDigestAsync(
        RegionUnit partition, RegionUnit node, ReportYear year, VersionPolicy policy, bool withUnits, DigestRead? read, CancellationToken cancellationToken)
    {
        var key = new PartitionKey(partition.Id, year);
        // The tree's fingerprint: a changed registry (a unit added, moved, valid in other years) is a new digest.
        var digestName = DigestName(node, policy);
        var unitsName = UnitsName(node, policy);
        var (d, u, _) = read ?? await ReadDigestAsync(partition, node, year, policy, withUnits, cancellationToken).ConfigureAwait(false);

        if (new DigestRead(d, u, withUnits).IsCurrent)
        {
            return (NodeDigest.Parser.ParseFrom(d.Cached), withUnits ? NodeUnits.Parser.ParseFrom(u.Cached) : null);
        }

        (NodeDigest Digest, NodeUnits Units)? computed = null;
        if (d.Cached is not null)
        {
            // An older digest: bring it up to date by difference when few units changed since.
            if (!withUnits)
            {
                u = await store.GetRevisionAndCacheAsync(key, unitsName, cancellationToken).ConfigureAwait(false);
            }

            if (u.Cached is not null && u.CachedRevision == d.CachedRevision)
            {
                computed = await UpdateAsync(key, partition, node, policy, NodeDigest.Parser.ParseFrom(d.Cached), NodeUnits.Parser.ParseFrom(u.Cached), cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        if (computed is null)
        {
            var (revision, views) = await PartitionViews.LoadAsync(store, key, cancellationToken).ConfigureAwait(false);
            computed = Compute(partition, node, revision, views, policy);
        }

        var (digest, units) = computed.Value;
        await Task.WhenAll(
            store.SetCacheIfCurrentAsync(key, digestName, digest.Revision, digest.ToByteArray(), cancellationToken),
            store.SetCacheIfCurrentAsync(key, unitsName, digest.Revision, units.ToByteArray(), cancellationToken)).ConfigureAwait(false);
        return (digest, withUnits ? units : null);
    }

    /// <summary>
    /// Brings an older digest up to date: reads the partition's heads (no reports), finds the units
    /// whose counted version changed, reads only those versions (old and new) and applies the
    /// difference to the sums. Null when a full recomputation is needed or cheaper.
    /// </summary>
    internal async Task<(NodeDigest Digest, NodeUnits Units)?> UpdateAsync(
        PartitionKey key, RegionUnit partition, RegionUnit node, VersionPolicy policy, NodeDigest old, NodeUnits oldUnits, CancellationToken cancellationToken)
    {
        var heads = await store.GetHeadsAsync(key, cancellationToken).ConfigureAwait(false);
        var previous = new Dictionary<string, UnitContribution>(oldUnits.Contributing.Count + 1, StringComparer.Ordinal);
        foreach (var c in oldUnits.Contributing)
        {
            previous[c.UnitId] = c;
        }

        if (old.OwnContribution is { } ownBefore)
        {
            previous[ownBefore.UnitId] = ownBefore;
        }

        var choices = new List<UnitChoice>();
        var changes = new List<(RegionUnit Unit, VersionRef? Old, VersionRef? New)>();
        var changedChoice = new Dictionary<RegionUnit, int>();
        foreach (var unit in UnitsOf(partition, node))
        {
            var counted = EffectiveRecords.Choose(heads.Heads.GetValueOrDefault(unit.Id), policy, out var reason);
            VersionRef? before = previous.Remove(unit.Id.Value, out var p) ? new VersionRef(unit.Id, p.Source, p.Version) : null;
            VersionRef? now = counted is { } c ? new VersionRef(unit.Id, c.Source, c.Version) : null;
            if (before != now)
            {
                changes.Add((unit, before, now));
                changedChoice[unit] = choices.Count;
            }

            // An unchanged counted version keeps the findings listed with it.
            choices.Add(new UnitChoice(unit, counted, reason, before == now ? p?.Findings : null));
        }

        var refs = changes.SelectMany(ch => new[] { ch.Old, ch.New }).OfType<VersionRef>().ToList();
        if (previous.Count > 0 || refs.Count > Math.Max(32, choices.Count(c => c.Counted is not null)))
        {
            // Units that left the subtree (a changed registry), or more versions to read than
            // reading every counted report of the partition once.
            return null;
        }

        var records = await store.GetVersionsAsync(key, refs, cancellationToken).ConfigureAwait(false);
        if (records.Any(r => r is null))
        {
            return null;
        }

        var descendants = Restore(old.Descendants);
        var own = Restore(old.Own);
        var next = 0;
        foreach (var (unit, before, now) in changes)
        {
            var acc = unit == node ? own : descendants;
            if (before is not null)
            {
                acc.Subtract(ReportMapper.ToDomain(records[next++]!.Report).Report!);
            }

            if (now is not null)
            {
                var record = records[next++]!;
                acc.Add(ReportMapper.ToDomain(record.Report).Report!);
                var i = changedChoice[unit];
                choices[i] = choices[i] with { Findings = record.Findings };
            }
        }

        return Describe(node, heads.Revision, choices, descendants, own);
    }

    /// <summary>Computes a node's digest from a whole partition snapshot.</summary>
    internal (NodeDigest Digest, NodeUnits Units) Compute(RegionUnit partition, RegionUnit node, long revision, IReadOnlyDictionary<UnitId, UnitRecordView> views, VersionPolicy policy)
    {
        var descendants = new RollupAccumulator();
        var own = new RollupAccumulator();
        var choices = new List<UnitChoice>();
        foreach (var unit in UnitsOf(partition, node))
        {
            var record = EffectiveRecords.Select(views.GetValueOrDefault(unit.Id), policy, out var reason);
            var stored = record is null ? null : record.Source == RecordSource.Published ? views[unit.Id].PublishedRecord : views[unit.Id].SubmissionRecord;
            choices.Add(new UnitChoice(unit, record is null ? null : new CountedVersion(record.Source, record.Version, record.ReviewState), reason, stored?.Findings));
            if (record is not null)
            {
                (unit == node ? own : descendants).Add(record.Report);
            }
        }

        return Describe(node, revision, choices, descendants, own);
    }

    private readonly record struct UnitChoice(RegionUnit Unit, CountedVersion? Counted, string MissingReason, IEnumerable<Aggregator.Contracts.V1.Finding>? Findings);

    /// <summary>The units of the node's subtree that live in <paramref name="partition"/>, in tree order.</summary>
    private static IEnumerable<RegionUnit> UnitsOf(RegionUnit partition, RegionUnit node) =>
        node.Tree.Subtree(node).Where(unit => RegionTree.PartitionOf(unit) == partition);

    /// <summary>The digest and unit lists of a node from each unit's counted version and the sums.</summary>
    private static (NodeDigest Digest, NodeUnits Units) Describe(
        RegionUnit node, long revision, IEnumerable<UnitChoice> choices, RollupAccumulator descendants, RollupAccumulator own)
    {
        var digest = new NodeDigest { Revision = revision };
        var units = new NodeUnits { Revision = revision };
        foreach (var (unit, counted, reason, findings) in choices)
        {
            var isNode = unit == node;
            if (!isNode)
            {
                digest.Expected++;
            }

            if (counted is not { } c)
            {
                var missing = new MissingUnit { UnitId = unit.Id.Value, UnitName = unit.Name, Reason = reason };
                if (isNode)
                {
                    digest.OwnMissing = missing;
                }
                else
                {
                    units.Missing.Add(missing);
                }

                continue;
            }

            var contribution = new UnitContribution
            {
                UnitId = unit.Id.Value,
                UnitName = unit.Name,
                Source = c.Source,
                Version = c.Version,
                ReviewState = c.ReviewState,
            };
            if (findings is not null)
            {
                contribution.Findings.AddRange(findings);
            }

            if (isNode)
            {
                digest.OwnContribution = contribution;
            }
            else
            {
                digest.Contributing++;
                digest.Published += c.Source == RecordSource.Published ? 1 : 0;
                units.Contributing.Add(contribution);
            }
        }

        digest.Descendants = Save(descendants);
        digest.Own = Save(own);
        return (digest, units);
    }

    internal static AccumulatorRecord Save(RollupAccumulator acc)
    {
        var record = new AccumulatorRecord { Units = acc.Units, Units2019 = acc.Units2019 };
        foreach (var (cell, sum, count) in acc.Entries())
        {
            record.Cells.Add(cell.Ordinal);
            record.Sums.Add(ExactDecimal.Format(sum));
            record.Counts.Add(count);
        }

        return record;
    }

    internal static RollupAccumulator Restore(AccumulatorRecord? record)
    {
        if (record is null)
        {
            return new RollupAccumulator();
        }

        var entries = new List<(CellId, decimal, int)>(record.Cells.Count);
        for (var i = 0; i < record.Cells.Count; i++)
        {
            entries.Add((new CellId(record.Cells[i]), decimal.Parse(record.Sums[i], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture), record.Counts[i]));
        }

        return RollupAccumulator.Restore(entries, record.Units, record.Units2019);
    }

    /// <summary>
    /// SHA-256 over every cell's ordinal, path, formats and kind, in catalog order (first 16 hex digits): the same in
    /// every process and on every replica, so replicas share digests and a restart keeps them.
    /// (<see cref="HashCode"/> is seeded per process: a key built from it changed on every start.)
    /// </summary>
    private static string ComputeFingerprint()
    {
        var text = new StringBuilder();
        foreach (var cell in CellCatalog.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"{cell.Ordinal}\t{cell.Path}\t{(int)cell.Formats}\t{(int)cell.Kind}\n");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
