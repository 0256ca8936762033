using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Registry;

/// <summary>
/// The registry over time: every entry with its validity and predecessors; builds the tree of every
/// unit ever valid and, on demand (cached), the tree of one year, and follows predecessor links.
/// </summary>
internal sealed class RegionHistory
{
    private readonly FrozenDictionary<string, ImmutableArray<RegistryEntry>> _byId;
    private readonly FrozenDictionary<string, ImmutableArray<UnitChange>> _predecessors;
    private readonly ConcurrentDictionary<int, RegionTree> _years = new();
    private readonly int _combinedCount;

    public RegionHistory(ImmutableArray<RegistryEntry> entries)
    {
        _byId = entries.GroupBy(e => e.Id, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.OrderBy(e => e.From).ToImmutableArray(), StringComparer.Ordinal);
        _predecessors = _byId.ToFrozenDictionary(
            kv => kv.Key,
            kv => kv.Value.SelectMany(e => e.Definition.Predecessors.IsDefault ? [] : e.Definition.Predecessors).Distinct().OrderBy(c => c.Year).ToImmutableArray(),
            StringComparer.Ordinal);
        IsDated = entries.Any(e => e.Definition.ValidFrom is not null || e.Definition.ValidTo is not null)
            || _predecessors.Values.Any(p => !p.IsEmpty);

        // The latest entry of each id.
        var latest = _byId.Values.Select(v => v[^1]).ToList();
        _combinedCount = latest.Count;
        Combined = BuildFrom(latest, year: null);
    }

    /// <summary>The tree of every unit ever valid: each id under its latest entry's parent, with its latest name.</summary>
    public RegionTree Combined { get; }

    /// <summary>True when some entry has a validity or a predecessor.</summary>
    public bool IsDated { get; }

    public ImmutableArray<UnitChange> PredecessorsOf(string id) => _predecessors.GetValueOrDefault(id, []);

    public RegionTree ForYear(int year)
    {
        if (!ReportYear.IsValid(year))
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, $"Report year must be within {ReportYear.Min}..{ReportYear.Max}.");
        }

        return IsDated ? _years.GetOrAdd(year, BuildYear) : Combined;
    }

    public UnitLineage LineageOf(UnitId id, int year)
    {
        var tree = ForYear(year);
        var sources = ImmutableArray.CreateBuilder<RegionUnit>();
        var notes = ImmutableArray.CreateBuilder<LocalizedText>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        Walk(id.Value);
        if (sources.Count == 0 && notes.Count == 0)
        {
            notes.Add(Messages.Registry.NotAUnit(NameIn(id.Value, year), year));
        }

        return new UnitLineage(sources.ToImmutable(), notes.ToImmutable());

        void Walk(string unit)
        {
            if (!visited.Add(unit))
            {
                return;
            }

            if (tree.TryGet(unit, out var u))
            {
                sources.Add(u);
            }

            // The changes after the year, latest first: what the unit was before each.
            foreach (var group in PredecessorsOf(unit).Where(c => c.Year > year).GroupBy(c => (c.Year, c.Kind)).OrderByDescending(g => g.Key.Year))
            {
                var (changeYear, kind) = group.Key;
                var name = NameIn(unit, changeYear);
                switch (kind)
                {
                    case RegionChangeKind.Renamed:
                        foreach (var change in group)
                        {
                            notes.Add(Messages.Registry.Renamed(NameIn(change.From, changeYear - 1), name, changeYear));
                            Walk(change.From);
                        }

                        break;
                    case RegionChangeKind.Merged:
                        List<string> parts = IsValidIn(unit, changeYear - 1) ? [NameIn(unit, changeYear - 1)] : [];
                        parts.AddRange(group.Select(c => NameIn(c.From, changeYear - 1)));
                        notes.Add(Messages.Registry.Merged(parts, name, changeYear));
                        foreach (var change in group)
                        {
                            Walk(change.From);
                        }

                        break;
                    case RegionChangeKind.Split:
                        if (!IsValidIn(unit, year))
                        {
                            foreach (var change in group)
                            {
                                notes.Add(Messages.Registry.Split(name, NameIn(change.From, changeYear - 1), changeYear));
                            }
                        }

                        break;
                }
            }
        }
    }

    private bool IsValidIn(string id, int year) => _byId.TryGetValue(id, out var entries) && entries.Any(e => e.IsValidIn(year));

    /// <summary>The unit's name in <paramref name="year"/>, or its latest name when it had no entry then.</summary>
    private string NameIn(string id, int year) => _byId.TryGetValue(id, out var entries)
        ? (entries.FirstOrDefault(e => e.IsValidIn(year)) ?? entries[^1]).Definition.Name
        : id;

    private RegionTree BuildYear(int year)
    {
        var valid = _byId.Values.SelectMany(v => v.Where(e => e.IsValidIn(year))).ToList();
        // Every id valid with its latest entry: the same tree as the combined one.
        return valid.Count == _combinedCount && valid.All(e => ReferenceEquals(_byId[e.Id][^1], e))
            ? Combined
            : BuildFrom(valid, year);
    }

    /// <summary>Builds a tree of the chosen entries (one per id), each under the chosen entry of its parent's id.</summary>
    private RegionTree BuildFrom(IReadOnlyCollection<RegistryEntry> chosen, int? year)
    {
        var byId = chosen.ToDictionary(e => e.Id, StringComparer.Ordinal);
        var children = new Dictionary<RegistryEntry, List<RegistryEntry>>();
        var roots = new List<RegistryEntry>();
        foreach (var entry in chosen.OrderBy(e => e.Order))
        {
            if (entry.Parent is null)
            {
                roots.Add(entry);
                continue;
            }

            // Validity lies within the parent's (checked), so the parent's id has a chosen entry.
            var parent = byId[entry.Parent.Id];
            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }

            list.Add(entry);
        }

        return RegionTree.BuildTree(roots.Select(Definition), this, year);

        // Levels only go down, so the depth is at most four: recursion is safe.
        UnitDefinition Definition(RegistryEntry entry) => entry.Definition with
        {
            Children = children.TryGetValue(entry, out var list) ? [.. list.Select(Definition)] : [],
        };
    }
}
