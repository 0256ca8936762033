using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Aggregator.Domain.Registry;

/// <summary>
/// The region registry: reporting units as a tree of any depth (province → city → district →
/// departments, or any subset). Immutable once built; subtree checks are O(1).
/// </summary>
/// <remarks>
/// The tree built by <see cref="Build"/> holds every unit that was ever valid (each id once, under
/// its latest entry's parent and with its latest name): it names and authorises units of any year.
/// <see cref="ForYear"/> is the tree of one year (区划调整): the units valid that year, under the
/// parent they had then; it is this same instance when the registry has no validity.
/// </remarks>
public sealed class RegionTree
{
    private readonly FrozenDictionary<UnitId, RegionUnit> _byId;
    private readonly ImmutableArray<RegionUnit> _preOrder;
    private readonly Lazy<string> _fingerprint;
    private RegionHistory? _history;

    private RegionTree(ImmutableArray<RegionUnit> roots, ImmutableArray<RegionUnit> preOrder, int? year)
    {
        Roots = roots;
        _preOrder = preOrder;
        _byId = preOrder.ToFrozenDictionary(u => u.Id);
        Year = year;
        foreach (var unit in preOrder)
        {
            unit.Tree = this;
        }

        _fingerprint = new Lazy<string>(ComputeFingerprint);
    }

    /// <summary>The top-level units.</summary>
    public ImmutableArray<RegionUnit> Roots { get; }

    /// <summary>Every unit in pre-order (a parent before its children).</summary>
    public ImmutableArray<RegionUnit> Units => _preOrder;

    public int Count => _preOrder.Length;

    /// <summary>The year this tree is the registry of; null for the tree of every unit ever valid (or a registry without validity).</summary>
    public int? Year { get; }

    /// <summary>
    /// A digest of the tree's shape (each unit's id, parent and level, in order; 16 hex digits): the
    /// same in every process for the same registry, different after a change that moves, adds or
    /// removes a unit. Cached rollups are keyed by it.
    /// </summary>
    public string Fingerprint => _fingerprint.Value;

    /// <summary>True when some entry has a validity or a predecessor: trees differ by year.</summary>
    public bool HasHistory => History.IsDated;

    private RegionHistory History => _history ?? throw new InvalidOperationException("The tree is being built.");

    /// <summary>
    /// Builds the registry, checking ids (valid; an id repeated only with validity that does not
    /// overlap), names, that levels only go down, that a child is valid only while its parent is,
    /// that predecessors exist (in the year before the change) and form no cycle.
    /// </summary>
    /// <returns>The tree of every unit ever valid (see the remarks of <see cref="RegionTree"/>).</returns>
    /// <exception cref="ArgumentException">The definition is not a valid registry; the message names the entry.</exception>
    public static RegionTree Build(IEnumerable<UnitDefinition> roots)
    {
        ArgumentNullException.ThrowIfNull(roots);
        return new RegionHistory(RegistryEntries.Read(roots)).Combined;
    }

    /// <summary>The registry of <paramref name="year"/>: units valid that year under the parent they had then.</summary>
    public RegionTree ForYear(ReportYear year) => ForYear(year.Value);

    /// <inheritdoc cref="ForYear(ReportYear)"/>
    public RegionTree ForYear(int year) => History.ForYear(year);

    /// <summary>
    /// What the unit <paramref name="id"/> stands for in <paramref name="year"/>: the units of that
    /// year's tree whose figures are its figures (itself; for years before a rename or merge its
    /// predecessors too), and notes saying so (renamed, merged, split: series starts later).
    /// </summary>
    public UnitLineage LineageOf(UnitId id, ReportYear year) => History.LineageOf(id, year.Value);

    /// <summary>Builds one tree from nested definitions (ids unique); the checks of <see cref="Build"/> that concern one tree.</summary>
    internal static RegionTree BuildTree(IEnumerable<UnitDefinition> roots, RegionHistory history, int? year)
    {
        var preOrder = ImmutableArray.CreateBuilder<RegionUnit>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rootUnits = ImmutableArray.CreateBuilder<RegionUnit>();

        // Iterative pre-order walk so that very deep trees cannot overflow the stack.
        var stack = new Stack<(UnitDefinition Def, RegionUnit? Parent, bool Exit, RegionUnit? Unit)>();
        foreach (var root in roots.Reverse())
        {
            stack.Push((root, null, false, null));
        }

        while (stack.Count > 0)
        {
            var (def, parent, exit, unit) = stack.Pop();
            if (exit)
            {
                unit!.SubtreeEnd = preOrder.Count;
                continue;
            }

            RegistryEntries.CheckEntry(def, parent?.Id.Value, parent?.Level);
            if (!seen.Add(def.Id))
            {
                throw new ArgumentException($"Unit id '{def.Id}' appears more than once.", nameof(roots));
            }

            var created = new RegionUnit(new UnitId(def.Id), def.Name, def.Level,
                string.IsNullOrEmpty(def.DivisionCode) ? null : def.DivisionCode, parent, preOrder.Count)
            {
                Contact = string.IsNullOrWhiteSpace(def.Contact) ? null : def.Contact.Trim(),
                ValidFrom = def.ValidFrom,
                ValidTo = def.ValidTo,
                Predecessors = history.PredecessorsOf(def.Id),
            };
            preOrder.Add(created);
            if (parent is null)
            {
                rootUnits.Add(created);
            }
            else
            {
                parent.AddChild(created);
            }

            stack.Push((def, parent, true, created));
            var children = def.Children.IsDefault ? ImmutableArray<UnitDefinition>.Empty : def.Children;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push((children[i], created, false, null));
            }
        }

        return new RegionTree(rootUnits.ToImmutable(), preOrder.ToImmutable(), year) { _history = history };
    }

    public bool Contains(UnitId id) => _byId.ContainsKey(id);

    public bool TryGet(UnitId id, out RegionUnit unit) => _byId.TryGetValue(id, out unit!);

    public bool TryGet(string id, out RegionUnit unit)
    {
        if (UnitId.IsValid(id))
        {
            return TryGet(new UnitId(id), out unit);
        }

        unit = null!;
        return false;
    }

    /// <summary>The unit with this id.</summary>
    /// <exception cref="KeyNotFoundException">The id is not in the registry.</exception>
    public RegionUnit Get(UnitId id) =>
        _byId.TryGetValue(id, out var unit) ? unit : throw new KeyNotFoundException($"Unit '{id}' is not in the registry.");

    /// <summary>True when <paramref name="unit"/> is <paramref name="ancestor"/> or below it.</summary>
    public static bool IsInSubtree(RegionUnit unit, RegionUnit ancestor) =>
        unit.Index >= ancestor.Index && unit.Index < ancestor.SubtreeEnd;

    /// <summary>True when the unit <paramref name="unitId"/> is <paramref name="ancestorId"/> or below it.</summary>
    public bool IsInSubtree(UnitId unitId, UnitId ancestorId) =>
        _byId.TryGetValue(unitId, out var u) && _byId.TryGetValue(ancestorId, out var a) && IsInSubtree(u, a);

    /// <summary>The unit and every unit below it, in pre-order.</summary>
    public IEnumerable<RegionUnit> Subtree(RegionUnit unit)
    {
        for (var i = unit.Index; i < unit.SubtreeEnd; i++)
        {
            yield return _preOrder[i];
        }
    }

    /// <summary>Every unit strictly below <paramref name="unit"/>, in pre-order.</summary>
    public IEnumerable<RegionUnit> Descendants(RegionUnit unit) => Subtree(unit).Skip(1);

    /// <summary>The unit and its ancestors up to the root.</summary>
    public static IEnumerable<RegionUnit> AncestorsAndSelf(RegionUnit unit)
    {
        for (var u = unit; u is not null; u = u.Parent)
        {
            yield return u;
        }
    }

    /// <summary>
    /// The store partition of a unit: its nearest ancestor-or-self at city level, or the unit
    /// itself when it is above city level (or has no city above it).
    /// </summary>
    public static RegionUnit PartitionOf(RegionUnit unit)
    {
        for (var u = unit; u is not null; u = u.Parent)
        {
            if (u.Level == UnitLevel.City)
            {
                return u;
            }

            if (u.Level < UnitLevel.City)
            {
                break;
            }
        }

        // No city above: the unit's top-most ancestor below the province level, or itself.
        return unit.Level <= UnitLevel.City ? unit : TopBelowProvince(unit);
    }

    /// <summary>The partition of the unit with this id.</summary>
    public RegionUnit PartitionOf(UnitId id) => PartitionOf(Get(id));

    /// <summary>Every partition (city-level units and units above city level).</summary>
    public IEnumerable<RegionUnit> Partitions() => _preOrder.Where(u => PartitionOf(u) == u);

    /// <summary>The partitions that hold units of the subtree of <paramref name="unit"/>.</summary>
    public IEnumerable<RegionUnit> PartitionsOfSubtree(RegionUnit unit)
    {
        var partition = PartitionOf(unit);
        if (partition != unit && IsInSubtree(unit, partition))
        {
            // A district or department: everything below it lives in its city's partition.
            yield return partition;
            yield break;
        }

        foreach (var u in Subtree(unit))
        {
            if (PartitionOf(u) == u)
            {
                yield return u;
            }
        }
    }

    private string ComputeFingerprint()
    {
        var text = new System.Text.StringBuilder();
        foreach (var unit in _preOrder)
        {
            text.Append(unit.Id.Value).Append('\t').Append(unit.Parent?.Id.Value).Append('\t').Append((int)unit.Level).Append('\n');
        }

        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString()));
        return Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }

    private static RegionUnit TopBelowProvince(RegionUnit unit)
    {
        var top = unit;
        while (top.Parent is not null && top.Parent.Level > UnitLevel.City)
        {
            top = top.Parent;
        }

        return top;
    }
}
