using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Aggregator.Domain.Registry;

/// <summary>
/// The definition of one reporting unit as configured (YAML or code): id, display name, level,
/// optional national division code and the children; optionally the years it is valid
/// (<see cref="ValidFrom"/>..<see cref="ValidTo"/>) and its predecessors (区划调整).
/// </summary>
/// <remarks>
/// An id may have several entries (a new name, another parent within its city) when their validity
/// does not overlap. An entry without validity is valid in every year.
/// </remarks>
public sealed record UnitDefinition(
    string Id,
    string Name,
    UnitLevel Level,
    string? DivisionCode,
    ImmutableArray<UnitDefinition> Children)
{
    public UnitDefinition(string id, string name, UnitLevel level, string? divisionCode = null)
        : this(id, name, level, divisionCode, ImmutableArray<UnitDefinition>.Empty)
    {
    }

    /// <summary>Who to contact about the unit's report (office, person, phone), as configured; shown in status exports.</summary>
    public string? Contact { get; init; }

    /// <summary>The first year the entry is valid (reports on that year and later); null = always before.</summary>
    public int? ValidFrom { get; init; }

    /// <summary>The last year the entry is valid; null = still valid.</summary>
    public int? ValidTo { get; init; }

    /// <summary>The units this one came out of: renamed from, merged from (合并/并入), split from (析出).</summary>
    public ImmutableArray<UnitChange> Predecessors { get; init; } = [];
}
