using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Aggregator.Domain.Registry;

/// <summary>One unit of a built <see cref="RegionTree"/>.</summary>
/// <remarks>Equality is reference equality: a unit belongs to exactly one tree.</remarks>
public sealed class RegionUnit
{
    private readonly List<RegionUnit> _children = [];

    internal RegionUnit(UnitId id, string name, UnitLevel level, string? divisionCode, RegionUnit? parent, int index)
    {
        Id = id;
        Name = name;
        Level = level;
        DivisionCode = divisionCode;
        Parent = parent;
        Index = index;
        Depth = parent is null ? 0 : parent.Depth + 1;
    }

    public UnitId Id { get; }

    public string Name { get; }

    public UnitLevel Level { get; }

    /// <summary>The national division code, when the unit has one (functional zones do not).</summary>
    public string? DivisionCode { get; }

    /// <summary>Contact from the registry (<see cref="UnitDefinition.Contact"/>), or null.</summary>
    public string? Contact { get; internal init; }

    /// <summary>The first year of this unit's entry in the tree (<see cref="UnitDefinition.ValidFrom"/>), or null.</summary>
    public int? ValidFrom { get; internal init; }

    /// <summary>The last year of this unit's entry in the tree (<see cref="UnitDefinition.ValidTo"/>), or null.</summary>
    public int? ValidTo { get; internal init; }

    /// <summary>The predecessor links of every entry of this id (<see cref="UnitDefinition.Predecessors"/>).</summary>
    public ImmutableArray<UnitChange> Predecessors { get; internal init; } = [];

    public RegionUnit? Parent { get; }

    /// <summary>The tree the unit belongs to (the registry of one year, or of every unit ever valid).</summary>
    public RegionTree Tree { get; internal set; } = null!;

    /// <summary>Direct children in configuration order.</summary>
    public IReadOnlyList<RegionUnit> Children => _children;

    /// <summary>Distance from the root (0 for a root).</summary>
    public int Depth { get; }

    /// <summary>Pre-order position in the tree; the subtree of a unit is [Index, SubtreeEnd).</summary>
    internal int Index { get; }

    /// <summary>One past the pre-order index of the last unit in this unit's subtree.</summary>
    internal int SubtreeEnd { get; set; }

    /// <summary>Number of units in the subtree, the unit itself included.</summary>
    public int SubtreeSize => SubtreeEnd - Index;

    internal void AddChild(RegionUnit child) => _children.Add(child);

    public override string ToString() => $"{Id} {Name}";
}
