using System.Collections.Immutable;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Registry;

/// <summary>
/// What a unit stands for in one year (<see cref="RegionTree.LineageOf"/>): the units of that year's
/// tree whose figures are its figures, and the notes that say why (a rename, a merge, a split).
/// </summary>
/// <remarks>Equality is reference equality (arrays).</remarks>
public sealed record UnitLineage(ImmutableArray<RegionUnit> Sources, ImmutableArray<LocalizedText> Notes)
{
    /// <summary>True when the unit existed that year and nothing else is added to it.</summary>
    public bool IsSelf(UnitId id) => Sources.Length == 1 && Sources[0].Id == id && Notes.IsEmpty;
}
