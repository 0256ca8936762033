using Aggregator.Domain;
using Aggregator.Domain.Registry;
using Aggregator.Server.Registry;
using Aggregator.Testing.Synthetic;

namespace Aggregator.Server.Tests;

public sealed class RegistryUnitTests
{
    private static RegionTree Jingmen() => RegistryLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "registry", "jingmen.yaml"));

    [Fact]
    public void TokenHint_OtherRegistry_NamesARealDistrictAndItsCity()
    {
        var tree = RegionTree.Build(SyntheticRegistry.Generate(provinces: 1, citiesPerProvince: 2, districtsPerCity: 3));

        var hint = TokenHint.For("/srv/data/signing-key", tree);

        Assert.StartsWith("scripts/aggregator token --unit p01-c001-d0001 --role district --key /srv/data/signing-key", hint, StringComparison.Ordinal);
        Assert.Contains("scripts/aggregator token --unit p01-c001 --role city --key /srv/data/signing-key", hint, StringComparison.Ordinal);
        Assert.DoesNotContain("jingmen-zhanghe", hint, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenHint_Sample_NamesAJingmenDistrictAnd4208()
    {
        var tree = Jingmen();

        var hint = TokenHint.For("data/signing-key", tree);

        var district = tree.Get(new UnitId("4208")).Children[0];
        Assert.StartsWith($"scripts/aggregator token --unit {district.Id} --role district", hint, StringComparison.Ordinal);
        Assert.Contains("--unit 4208 --role city", hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_Loads_JingmenWithEightCountyLevelUnits()
    {
        var tree = Jingmen();

        var city = tree.Get(new UnitId("4208"));
        Assert.Equal("荆门市", city.Name);
        Assert.Equal(UnitLevel.City, city.Level);
        Assert.Equal("420800", city.DivisionCode);
        Assert.Equal(8, city.Children.Count);
        var zhanghe = tree.Get(new UnitId("jingmen-zhanghe"));
        Assert.Equal("漳河新区", zhanghe.Name);
        Assert.Null(zhanghe.DivisionCode);
        Assert.Equal(["东宝区", "掇刀区", "钟祥市", "京山市", "沙洋县", "漳河新区", "屈家岭管理区", "荆门高新区"], city.Children.Select(c => c.Name));
    }

    [Fact]
    public void PartitionOf_DistrictAndCity_IsCity_ProvinceIsItself()
    {
        var tree = Jingmen();

        Assert.Equal("4208", RegionTree.PartitionOf(tree.Get(new UnitId("jingmen-zhanghe"))).Id.Value);
        Assert.Equal("4208", RegionTree.PartitionOf(tree.Get(new UnitId("4208"))).Id.Value);
        Assert.Equal("42", RegionTree.PartitionOf(tree.Get(new UnitId("42"))).Id.Value);
    }

    [Fact]
    public void IsInSubtree_FollowsTheTree()
    {
        var tree = Jingmen();

        Assert.True(tree.IsInSubtree(new UnitId("420802"), new UnitId("4208")));
        Assert.True(tree.IsInSubtree(new UnitId("420802"), new UnitId("42")));
        Assert.True(tree.IsInSubtree(new UnitId("4208"), new UnitId("4208")));
        Assert.False(tree.IsInSubtree(new UnitId("4208"), new UnitId("420802")));
        Assert.False(tree.IsInSubtree(new UnitId("420802"), new UnitId("420804")));
        Assert.Equal(9, tree.Subtree(tree.Get(new UnitId("4208"))).Count());
    }

    [Fact]
    public void Synthetic_TenThousandUnits_DeterministicIdsAndPartitions()
    {
        var tree = SyntheticRegistry.Build(2, 10, 50, 9);

        Assert.Equal(2 + 20 + 1000 + 9000, tree.Count);
        var department = tree.Get(new UnitId("p01-c002-d0003-g04"));
        Assert.Equal(UnitLevel.Department, department.Level);
        Assert.Equal("p01-c002", RegionTree.PartitionOf(department).Id.Value);
        Assert.Equal(["p01-c002"], tree.PartitionsOfSubtree(tree.Get(new UnitId("p01-c002-d0003"))).Select(u => u.Id.Value));
        Assert.Equal(11, tree.PartitionsOfSubtree(tree.Get(new UnitId("p01"))).Count());
    }

    [Fact]
    public void Synthetic_ToYaml_RoundTripsThroughTheLoader()
    {
        var definitions = SyntheticRegistry.Generate(1, 2, 3, 2);

        var tree = RegistryLoader.Parse(SyntheticRegistry.ToYaml(definitions));

        Assert.Equal(1 + 2 + 6 + 12, tree.Count);
        Assert.Equal("p01-c001", tree.Get(new UnitId("p01-c001-d0002-g01")).Parent!.Parent!.Id.Value);
    }

    [Fact]
    public void Loader_ValidityAndPredecessors_AreRead()
    {
        var tree = RegistryLoader.Parse("""
            units:
              - id: "4208"
                name: 荆门市
                level: city
                children:
                  - { id: old, name: 旧区, level: district, valid_to: 2020, contact: "0724-1" }
                  - id: new
                    name: 新区
                    level: district
                    valid_from: 2021
                    predecessors:
                      - { id: old, change: renamed, year: 2021 }
            """);

        Assert.Equal(2020, tree.Get(new UnitId("old")).ValidTo);
        Assert.Equal(new UnitChange("old", RegionChangeKind.Renamed, 2021), Assert.Single(tree.Get(new UnitId("new")).Predecessors));
        Assert.Equal(["old"], tree.ForYear(2020).Get(new UnitId("4208")).Children.Select(c => c.Id.Value));
        Assert.Equal(["new"], tree.ForYear(2021).Get(new UnitId("4208")).Children.Select(c => c.Id.Value));
    }

    [Theory]
    [InlineData("units:\n  - { id: \"a\", name: A, level: city }\n  - { id: \"a\", name: B, level: city }\n", "more than once")]
    [InlineData("units:\n  - { id: \"a\", name: A, level: district, children: [ { id: \"b\", name: B, level: city } ] }\n", "cannot be below")]
    [InlineData("units:\n  - { id: \"a b\", name: A, level: city }\n", "not valid")]
    [InlineData("units:\n  - { id: \"a\", name: A, level: town }\n", "unknown level")]
    [InlineData("units: []\n", "no 'units'")]
    [InlineData("units:\n  - { id: \"a\", name: A, level: city, predecessors: [ { id: x, change: moved, year: 2022 } ] }\n", "unit 'a': predecessor 'x' has unknown change 'moved' (renamed, merged or split)")]
    [InlineData("units:\n  - { id: \"a\", name: A, level: city, predecessors: [ { id: x, change: merged } ] }\n", "unit 'a': predecessor 'x' has no 'year'")]
    [InlineData("units:\n  - { id: \"a\", name: A, level: city, valid_from: 2022, predecessors: [ { id: x, change: merged, year: 2022 } ] }\n", "registry: Unit 'a' (2022–): predecessor 'x' is not in the registry.")]
    [InlineData("units:\n  - { id: \"a\", name: A, level: city, valid_to: 2021 }\n  - { id: \"a\", name: B, level: city, valid_from: 2021 }\n", "registry: Unit id 'a' appears more than once with overlapping validity (–2021 and 2021–)")]
    public void Loader_InvalidRegistry_ExplainsWhy(string yaml, string expected)
    {
        var ex = Assert.Throws<InvalidDataException>(() => RegistryLoader.Parse(yaml));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
