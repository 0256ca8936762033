using System.Collections.Immutable;
using Aggregator.Domain.Registry;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Aggregator.Server.Registry;

/// <summary>
/// Reads the region registry YAML (<c>units:</c> list of <c>id</c>, <c>name</c>, <c>level</c>,
/// <c>division_code</c>, optional <c>contact</c>, <c>valid_from</c>, <c>valid_to</c>, <c>predecessors</c>
/// (<c>id</c>, <c>change</c>: renamed, merged or split, <c>year</c>), <c>children</c>; the same schema as the Helm chart's).
/// </summary>
public static class RegistryLoader
{
    private static readonly IDeserializer s_deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    /// <summary>Loads and builds the tree from a file.</summary>
    /// <exception cref="InvalidDataException">The file is not a valid registry.</exception>
    public static RegionTree LoadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"The registry file '{path}' does not exist.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses registry YAML text.</summary>
    public static RegionTree Parse(string yaml, string source = "registry")
    {
        var definitions = ParseDefinitions(yaml, source);
        try
        {
            return RegionTree.Build(definitions);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>Parses registry YAML text into definitions (not yet checked as a tree).</summary>
    public static ImmutableArray<UnitDefinition> ParseDefinitions(string yaml, string source = "registry")
    {
        RegistryDocument? doc;
        try
        {
            doc = s_deserializer.Deserialize<RegistryDocument>(yaml);
        }
        catch (YamlException e)
        {
            throw new InvalidDataException($"{source}: invalid registry YAML at line {e.Start.Line}: {e.Message}", e);
        }

        if (doc?.Units is not { Count: > 0 } units)
        {
            throw new InvalidDataException($"{source}: the registry has no 'units'.");
        }

        try
        {
            return [.. units.Select(u => ToDefinition(u, source))];
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{source}: {e.Message}", e);
        }
    }

    private static UnitDefinition ToDefinition(UnitDocument unit, string source)
    {
        var level = unit.Level?.Trim().ToLowerInvariant() switch
        {
            "province" => UnitLevel.Province,
            "city" => UnitLevel.City,
            "district" => UnitLevel.District,
            "department" => UnitLevel.Department,
            var other => throw new InvalidDataException($"{source}: unit '{unit.Id}' has unknown level '{other}' (province, city, district or department)."),
        };
        var children = unit.Children is { Count: > 0 } c
            ? [.. c.Select(x => ToDefinition(x, source))]
            : ImmutableArray<UnitDefinition>.Empty;
        var predecessors = unit.Predecessors is { Count: > 0 } p
            ? [.. p.Select(x => ToChange(unit, x, source))]
            : ImmutableArray<UnitChange>.Empty;
        return new UnitDefinition(unit.Id ?? "", unit.Name ?? "", level, unit.DivisionCode, children)
        {
            Contact = unit.Contact,
            ValidFrom = unit.ValidFrom,
            ValidTo = unit.ValidTo,
            Predecessors = predecessors,
        };
    }

    private static UnitChange ToChange(UnitDocument unit, PredecessorDocument predecessor, string source)
    {
        var kind = predecessor.Change?.Trim().ToLowerInvariant() switch
        {
            "renamed" => RegionChangeKind.Renamed,
            "merged" => RegionChangeKind.Merged,
            "split" => RegionChangeKind.Split,
            var other => throw new InvalidDataException(
                $"{source}: unit '{unit.Id}': predecessor '{predecessor.Id}' has unknown change '{other}' (renamed, merged or split)."),
        };
        return predecessor.Year is { } year
            ? new UnitChange(predecessor.Id ?? "", kind, year)
            : throw new InvalidDataException($"{source}: unit '{unit.Id}': predecessor '{predecessor.Id}' has no 'year' (the first year after the change).");
    }

    private sealed class RegistryDocument
    {
        public List<UnitDocument>? Units { get; set; }
    }

    private sealed class UnitDocument
    {
        public string? Id { get; set; }

        public string? Name { get; set; }

        public string? Level { get; set; }

        public string? DivisionCode { get; set; }

        public string? Contact { get; set; }

        public int? ValidFrom { get; set; }

        public int? ValidTo { get; set; }

        public List<PredecessorDocument>? Predecessors { get; set; }

        public List<UnitDocument>? Children { get; set; }
    }

    private sealed class PredecessorDocument
    {
        public string? Id { get; set; }

        public string? Change { get; set; }

        public int? Year { get; set; }
    }
}
