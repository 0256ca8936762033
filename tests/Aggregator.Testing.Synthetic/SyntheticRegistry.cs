using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Aggregator.Domain.Registry;

namespace Aggregator.Testing.Synthetic;

/// <summary>
/// Deterministic synthetic registries for tests and benchmarks: ids like <c>p01</c>,
/// <c>p01-c002</c>, <c>p01-c002-d0003</c>, <c>p01-c002-d0003-g04</c>.
/// </summary>
public static class SyntheticRegistry
{
    /// <summary>The unit definitions of a synthetic registry.</summary>
    public static ImmutableArray<UnitDefinition> Generate(
        int provinces, int citiesPerProvince, int districtsPerCity, int departmentsPerDistrict = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(provinces);
        ArgumentOutOfRangeException.ThrowIfNegative(citiesPerProvince);
        ArgumentOutOfRangeException.ThrowIfNegative(districtsPerCity);
        ArgumentOutOfRangeException.ThrowIfNegative(departmentsPerDistrict);

        var roots = ImmutableArray.CreateBuilder<UnitDefinition>(provinces);
        for (var p = 1; p <= provinces; p++)
        {
            var pid = "p" + p.ToString("D2", CultureInfo.InvariantCulture);
            var cities = ImmutableArray.CreateBuilder<UnitDefinition>(citiesPerProvince);
            for (var c = 1; c <= citiesPerProvince; c++)
            {
                var cid = pid + "-c" + c.ToString("D3", CultureInfo.InvariantCulture);
                var districts = ImmutableArray.CreateBuilder<UnitDefinition>(districtsPerCity);
                for (var d = 1; d <= districtsPerCity; d++)
                {
                    var did = cid + "-d" + d.ToString("D4", CultureInfo.InvariantCulture);
                    var departments = ImmutableArray.CreateBuilder<UnitDefinition>(departmentsPerDistrict);
                    for (var g = 1; g <= departmentsPerDistrict; g++)
                    {
                        var gid = did + "-g" + g.ToString("D2", CultureInfo.InvariantCulture);
                        departments.Add(new UnitDefinition(gid, "部门" + gid, UnitLevel.Department));
                    }

                    districts.Add(new UnitDefinition(did, "区县" + did, UnitLevel.District, null, departments.MoveToImmutable()));
                }

                cities.Add(new UnitDefinition(cid, "城市" + cid, UnitLevel.City, null, districts.MoveToImmutable()));
            }

            roots.Add(new UnitDefinition(pid, "省份" + pid, UnitLevel.Province, null, cities.MoveToImmutable()));
        }

        return roots.MoveToImmutable();
    }

    /// <summary>A built synthetic registry.</summary>
    public static RegionTree Build(int provinces, int citiesPerProvince, int districtsPerCity, int departmentsPerDistrict = 0) =>
        RegionTree.Build(Generate(provinces, citiesPerProvince, districtsPerCity, departmentsPerDistrict));

    /// <summary>
    /// Writes unit definitions in the registry YAML schema (<c>units:</c> with <c>id</c>, <c>name</c>,
    /// <c>level</c>, <c>division_code</c>, <c>children</c>), e.g. to feed a server a large registry.
    /// </summary>
    public static string ToYaml(IEnumerable<UnitDefinition> roots)
    {
        var sb = new StringBuilder("units:\n");
        foreach (var root in roots)
        {
            Write(sb, root, 1);
        }

        return sb.ToString();
    }

    private static void Write(StringBuilder sb, UnitDefinition unit, int depth)
    {
        var indent = new string(' ', (depth * 4) - 2);
        sb.Append(indent).Append("- id: \"").Append(unit.Id).Append("\"\n");
        var inner = new string(' ', depth * 4);
        sb.Append(inner).Append("name: \"").Append(unit.Name.Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\"\n");
        sb.Append(inner).Append("level: ").Append(unit.Level.ToString().ToLowerInvariant()).Append('\n');
        if (!string.IsNullOrEmpty(unit.DivisionCode))
        {
            sb.Append(inner).Append("division_code: \"").Append(unit.DivisionCode).Append("\"\n");
        }

        if (!unit.Children.IsDefaultOrEmpty)
        {
            sb.Append(inner).Append("children:\n");
            foreach (var child in unit.Children)
            {
                Write(sb, child, depth + 1);
            }
        }
    }
}
