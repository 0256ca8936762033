using System.Collections.Immutable;

namespace Aggregator.Domain.Registry;

/// <summary>Reads and checks the entries of a registry (validity, predecessors) before any tree is built.</summary>
internal static class RegistryEntries
{
    /// <summary>Flattens the definitions into entries and checks every rule that spans entries.</summary>
    /// <exception cref="ArgumentException">An entry is not valid; the message names it.</exception>
    public static ImmutableArray<RegistryEntry> Read(IEnumerable<UnitDefinition> roots)
    {
        var entries = ImmutableArray.CreateBuilder<RegistryEntry>();
        var stack = new Stack<(UnitDefinition Def, RegistryEntry? Parent)>();
        foreach (var root in roots.Reverse())
        {
            stack.Push((root, null));
        }

        while (stack.Count > 0)
        {
            var (def, parent) = stack.Pop();
            CheckEntry(def, parent?.Id, parent?.Definition.Level);
            var entry = new RegistryEntry(def, parent, entries.Count);
            CheckValidity(entry);
            entries.Add(entry);
            var children = def.Children.IsDefault ? ImmutableArray<UnitDefinition>.Empty : def.Children;
            for (var i = children.Length - 1; i >= 0; i--)
            {
                stack.Push((children[i], entry));
            }
        }

        var byId = entries.GroupBy(e => e.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.OrderBy(e => e.From).ToList(), StringComparer.Ordinal);
        foreach (var (id, same) in byId)
        {
            CheckSameId(id, same);
        }

        foreach (var entry in entries)
        {
            CheckPredecessors(entry, byId);
        }

        CheckNoCycle(entries.ToImmutable(), byId);
        return entries.ToImmutable();
    }

    /// <summary>The checks of one definition under its parent: id, name, level.</summary>
    public static void CheckEntry(UnitDefinition? def, string? parentId, UnitLevel? parentLevel)
    {
        if (def is null)
        {
            throw new ArgumentException("A unit definition is null.");
        }

        if (!UnitId.IsValid(def.Id))
        {
            throw new ArgumentException($"Unit id '{def.Id}' is not valid (1..{UnitId.MaxLength} of [A-Za-z0-9._-]).");
        }

        if (string.IsNullOrWhiteSpace(def.Name))
        {
            throw new ArgumentException($"Unit '{def.Id}' has no name.");
        }

        if (!Enum.IsDefined(def.Level))
        {
            throw new ArgumentException($"Unit '{def.Id}' has an unknown level.");
        }

        if (parentLevel is { } pl && def.Level <= pl)
        {
            throw new ArgumentException($"Unit '{def.Id}' ({def.Level}) cannot be below '{parentId}' ({pl}).");
        }
    }

    private static void CheckValidity(RegistryEntry entry)
    {
        var def = entry.Definition;
        foreach (var (name, year) in new[] { ("valid_from", def.ValidFrom), ("valid_to", def.ValidTo) })
        {
            if (year is { } y && !ReportYear.IsValid(y))
            {
                throw new ArgumentException($"Unit {entry}: {name} {y} is outside {ReportYear.Min}..{ReportYear.Max}.");
            }
        }

        if (entry.From > entry.To)
        {
            throw new ArgumentException($"Unit {entry}: valid_from {entry.From} is after valid_to {entry.To}.");
        }

        if (entry.Parent is { } parent && (entry.From < parent.From || entry.To > parent.To))
        {
            throw new ArgumentException(
                $"Unit {entry} is valid in years its parent {parent} is not: a child's validity must lie within its parent's.");
        }
    }

    /// <summary>Entries of one id: validity does not overlap, same level, same city (its reports are stored per city-year).</summary>
    private static void CheckSameId(string id, List<RegistryEntry> same)
    {
        for (var i = 1; i < same.Count; i++)
        {
            var (before, after) = (same[i - 1], same[i]);
            if (after.From <= before.To)
            {
                throw new ArgumentException(
                    $"Unit id '{id}' appears more than once with overlapping validity ({before.Validity} and {after.Validity}): an id may repeat only for years that do not overlap.");
            }

            if (after.Definition.Level != before.Definition.Level)
            {
                throw new ArgumentException($"Unit {after} has level {after.Definition.Level}, its entry {before.Validity} {before.Definition.Level}: an id keeps its level.");
            }

            var (p1, p2) = (PartitionIdOf(before), PartitionIdOf(after));
            if (!string.Equals(p1, p2, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"Unit {after} is in '{p2}', its entry {before.Validity} in '{p1}': a unit keeps its city (reports are stored per city); give the moved unit a new id with a 'renamed' predecessor.");
            }
        }
    }

    private static void CheckPredecessors(RegistryEntry entry, Dictionary<string, List<RegistryEntry>> byId)
    {
        var predecessors = entry.Definition.Predecessors.IsDefault ? [] : entry.Definition.Predecessors;
        foreach (var change in predecessors)
        {
            if (change is null || string.IsNullOrEmpty(change.From))
            {
                throw new ArgumentException($"Unit {entry} has a predecessor without an id.");
            }

            if (!Enum.IsDefined(change.Kind))
            {
                throw new ArgumentException($"Unit {entry}: predecessor '{change.From}' has an unknown change (renamed, merged or split).");
            }

            if (!ReportYear.IsValid(change.Year) || !ReportYear.IsValid(change.Year - 1))
            {
                throw new ArgumentException($"Unit {entry}: predecessor '{change.From}' has year {change.Year}, outside {ReportYear.Min + 1}..{ReportYear.Max}.");
            }

            if (string.Equals(change.From, entry.Id, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unit {entry} names itself as its predecessor.");
            }

            if (!byId.TryGetValue(change.From, out var from))
            {
                throw new ArgumentException($"Unit {entry}: predecessor '{change.From}' is not in the registry.");
            }

            if (!from.Any(e => e.IsValidIn(change.Year - 1)))
            {
                throw new ArgumentException(
                    $"Unit {entry}: predecessor '{change.From}' is not valid in {change.Year - 1}, the year before the change ({change.Year}).");
            }

            if (!entry.IsValidIn(change.Year))
            {
                throw new ArgumentException($"Unit {entry} is not valid in {change.Year}, the year it came out of '{change.From}'.");
            }
        }
    }

    /// <summary>Predecessor links never lead back to the unit (X renamed from Y renamed from X).</summary>
    private static void CheckNoCycle(ImmutableArray<RegistryEntry> entries, Dictionary<string, List<RegistryEntry>> byId)
    {
        var edges = byId.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.SelectMany(e => e.Definition.Predecessors.IsDefault ? [] : e.Definition.Predecessors).Select(c => c.From).Distinct(StringComparer.Ordinal).ToList(),
            StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        foreach (var start in entries.Select(e => e.Id).Distinct(StringComparer.Ordinal))
        {
            if (state.ContainsKey(start))
            {
                continue;
            }

            // Iterative depth-first walk keeping the current path, so a cycle can be named.
            var path = new List<string>();
            var stack = new Stack<(string Id, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            path.Add(start);
            while (stack.Count > 0)
            {
                var (id, next) = stack.Pop();
                var targets = edges[id];
                if (next < targets.Count)
                {
                    stack.Push((id, next + 1));
                    var target = targets[next];
                    if (state.GetValueOrDefault(target) == 1)
                    {
                        var cycle = path[path.IndexOf(target)..].Append(target);
                        throw new ArgumentException(
                            $"Unit '{target}': predecessor links form a cycle ({string.Join(" ← ", cycle.Select(c => $"'{c}'"))}).");
                    }

                    if (!state.ContainsKey(target))
                    {
                        state[target] = 1;
                        path.Add(target);
                        stack.Push((target, 0));
                    }
                }
                else
                {
                    state[id] = 2;
                    path.RemoveAt(path.Count - 1);
                }
            }
        }
    }

    /// <summary>The id of the entry's store partition, as <see cref="RegionTree.PartitionOf(RegionUnit)"/> computes it on a tree.</summary>
    private static string PartitionIdOf(RegistryEntry entry)
    {
        for (var e = entry; e is not null; e = e.Parent)
        {
            if (e.Definition.Level == UnitLevel.City)
            {
                return e.Id;
            }

            if (e.Definition.Level < UnitLevel.City)
            {
                break;
            }
        }

        if (entry.Definition.Level <= UnitLevel.City)
        {
            return entry.Id;
        }

        var top = entry;
        while (top.Parent is not null && top.Parent.Definition.Level > UnitLevel.City)
        {
            top = top.Parent;
        }

        return top.Id;
    }
}
