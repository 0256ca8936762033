namespace Aggregator.Domain.Registry;

/// <summary>
/// A predecessor link of a registry entry: the unit <paramref name="From"/> became (part of) this unit
/// in <paramref name="Year"/> (the first year of the new arrangement).
/// </summary>
/// <remarks>Equality is by value.</remarks>
public sealed record UnitChange(string From, RegionChangeKind Kind, int Year);
