using Aggregator.Domain.Registry;

namespace Aggregator.Domain.Tests;

/// <summary>The registry over time (区划调整): the tree of a year, predecessor chains, and the checks at load.</summary>
public sealed class RegionHistoryTests
{
    private static UnitDefinition District(string id, string name, int? from = null, int? to = null, params UnitChange[] predecessors) =>
        new(id, name, UnitLevel.District) { ValidFrom = from, ValidTo = to, Predecessors = [.. predecessors] };

    private static UnitDefinition City(params UnitDefinition[] children) => new("4208", "荆门市", UnitLevel.City, null, [.. children]);

    /// <summary>
    /// 老城区 and 东区 merged into 新城区 in 2022; 旧区 renamed 掇刀区 in 2020 (and 老掇刀 旧区 in 2016);
    /// 漳河新区 split off 大区 in 2022.
    /// </summary>
    private static RegionTree Changed() => RegionTree.Build([City(
        District("laocheng", "老城区", to: 2021),
        District("dong", "东区", to: 2021),
        District("xincheng", "新城区", from: 2022, predecessors: [new("laocheng", RegionChangeKind.Merged, 2022), new("dong", RegionChangeKind.Merged, 2022)]),
        District("olderdao", "老掇刀", to: 2015),
        District("jiu", "旧区", from: 2016, to: 2019, predecessors: [new("olderdao", RegionChangeKind.Renamed, 2016)]),
        District("duodao", "掇刀区", from: 2020, predecessors: [new("jiu", RegionChangeKind.Renamed, 2020)]),
        District("da", "大区"),
        District("zhanghe", "漳河新区", from: 2022, predecessors: [new("da", RegionChangeKind.Split, 2022)]))]);

    private static string[] ChildIds(RegionTree tree) => [.. tree.Get(new UnitId("4208")).Children.Select(c => c.Id.Value)];

    [Fact]
    public void ForYear_BeforeAndAfterMerge_HoldsTheUnitsValidThatYear()
    {
        var tree = Changed();

        Assert.Equal(["laocheng", "dong", "jiu", "da"], ChildIds(tree.ForYear(2019)));
        Assert.Equal(["laocheng", "dong", "duodao", "da"], ChildIds(tree.ForYear(2021)));
        Assert.Equal(["xincheng", "duodao", "da", "zhanghe"], ChildIds(tree.ForYear(2022)));
        Assert.Equal(2021, tree.ForYear(2021).Year);
        Assert.Same(tree.ForYear(2021), tree.ForYear(new ReportYear(2021)));
    }

    [Fact]
    public void Build_TheTreeOfEveryUnitEver_NamesRetiredUnitsToo()
    {
        var tree = Changed();

        Assert.Equal(9, tree.Count);
        Assert.Null(tree.Year);
        Assert.True(tree.HasHistory);
        Assert.Equal(2021, tree.Get(new UnitId("laocheng")).ValidTo);
        Assert.Equal(2, tree.Get(new UnitId("xincheng")).Predecessors.Length);
    }

    [Fact]
    public void ForYear_RegistryWithoutValidity_IsTheSameTree()
    {
        var tree = RegionTree.Build([City(District("a", "A"), District("b", "B"))]);

        Assert.False(tree.HasHistory);
        Assert.Same(tree, tree.ForYear(2019));
        Assert.Same(tree, tree.ForYear(2024));
    }

    [Fact]
    public void ForYear_IdWithTwoEntries_HasTheNameAndParentOfThatYear()
    {
        var tree = RegionTree.Build([City(
            new UnitDefinition("east", "东区", UnitLevel.District, null, [new UnitDefinition("east-office", "东区政府办", UnitLevel.Department) { ValidTo = 2020 }]) { ValidTo = 2020 },
            new UnitDefinition("west", "西区", UnitLevel.District, null, [new UnitDefinition("east-office", "政府办(西区)", UnitLevel.Department) { ValidFrom = 2021 }]),
            new UnitDefinition("east", "东城区", UnitLevel.District) { ValidFrom = 2021 })]);

        Assert.Equal("east", tree.ForYear(2020).Get(new UnitId("east-office")).Parent!.Id.Value);
        Assert.Equal("东区", tree.ForYear(2020).Get(new UnitId("east")).Name);
        Assert.Equal("west", tree.ForYear(2021).Get(new UnitId("east-office")).Parent!.Id.Value);
        Assert.Equal("东城区", tree.ForYear(2021).Get(new UnitId("east")).Name);
        Assert.Equal("东城区", tree.Get(new UnitId("east")).Name);
        Assert.Equal("west", tree.Get(new UnitId("east-office")).Parent!.Id.Value);
    }

    [Fact]
    public void LineageOf_MergedUnitBeforeTheMerge_IsTheSumOfItsPredecessorsWithANote()
    {
        var tree = Changed();

        var lineage = tree.LineageOf(new UnitId("xincheng"), new ReportYear(2020));

        Assert.Equal(["laocheng", "dong"], lineage.Sources.Select(u => u.Id.Value));
        Assert.All(lineage.Sources, u => Assert.Same(tree.ForYear(2020).Get(u.Id), u));
        var note = Assert.Single(lineage.Notes);
        Assert.Equal("2021 年及以前为老城区、东区之和(2022 年合并为新城区)", note.Zh);
        Assert.Equal("Until 2021: the sum of \"老城区\", \"东区\" (merged into \"新城区\" in 2022)", note.En);
    }

    [Fact]
    public void LineageOf_UnitInItsOwnYears_IsItself()
    {
        var tree = Changed();

        Assert.True(tree.LineageOf(new UnitId("xincheng"), new ReportYear(2022)).IsSelf(new UnitId("xincheng")));
        Assert.True(tree.LineageOf(new UnitId("da"), new ReportYear(2019)).IsSelf(new UnitId("da")));
    }

    [Fact]
    public void LineageOf_RenamedTwice_FollowsTheChainWithANotePerRename()
    {
        var tree = Changed();

        var lineage = tree.LineageOf(new UnitId("duodao"), new ReportYear(2015));

        Assert.Equal("olderdao", Assert.Single(lineage.Sources).Id.Value);
        Assert.Equal(["2019 年及以前为旧区(2020 年更名为掇刀区)", "2015 年及以前为老掇刀(2016 年更名为旧区)"], lineage.Notes.Select(n => n.Zh));
        Assert.Equal("jiu", Assert.Single(tree.LineageOf(new UnitId("duodao"), new ReportYear(2018)).Sources).Id.Value);
    }

    [Fact]
    public void LineageOf_SplitUnitBeforeTheSplit_HasNoFiguresAndSaysTheSeriesStarts()
    {
        var tree = Changed();

        var lineage = tree.LineageOf(new UnitId("zhanghe"), new ReportYear(2021));

        Assert.Empty(lineage.Sources);
        Assert.Equal("漳河新区于 2022 年自大区析出设立,数据自 2022 年起", Assert.Single(lineage.Notes).Zh);
        // The unit it split off keeps its own series.
        Assert.True(tree.LineageOf(new UnitId("da"), new ReportYear(2021)).IsSelf(new UnitId("da")));
    }

    [Fact]
    public void LineageOf_RetiredUnitAfterItsLastYear_IsNotAUnit()
    {
        var lineage = Changed().LineageOf(new UnitId("laocheng"), new ReportYear(2023));

        Assert.Empty(lineage.Sources);
        Assert.Equal("\"老城区\" was not a reporting unit in 2023", Assert.Single(lineage.Notes).En);
    }

    [Theory]
    [InlineData("unknown", "Unit 'b' (2022–): predecessor 'ghost' is not in the registry.")]
    [InlineData("overlap", "Unit id 'a' appears more than once with overlapping validity (–2021 and 2021–)")]
    [InlineData("cycle", "predecessor links form a cycle")]
    [InlineData("parent", "Unit 'd' (2018–) is valid in years its parent '4208' (2019–) is not")]
    [InlineData("before", "Unit 'b' (2022–): predecessor 'a' is not valid in 2021, the year before the change (2022).")]
    [InlineData("range", "Unit 'a' (2022–2021): valid_from 2022 is after valid_to 2021.")]
    [InlineData("city", "Unit 'a' (2022–) is in 'c2', its entry –2021 in '4208': a unit keeps its city")]
    public void Build_InvalidHistory_NamesTheEntry(string broken, string expected)
    {
        UnitDefinition[] roots = broken switch
        {
            "unknown" => [City(District("a", "A", to: 2021), District("b", "B", from: 2022, predecessors: new UnitChange("ghost", RegionChangeKind.Merged, 2022)))],
            "overlap" => [City(District("a", "A", to: 2021), District("a", "A2", from: 2021))],
            "cycle" => [City(
                District("a", "A", from: 2020, predecessors: new UnitChange("b", RegionChangeKind.Renamed, 2020)),
                District("b", "B", predecessors: new UnitChange("a", RegionChangeKind.Renamed, 2022)))],
            "parent" => [new UnitDefinition("4208", "荆门市", UnitLevel.City, null, [District("d", "D", from: 2018)]) { ValidFrom = 2019 }],
            "before" => [City(District("a", "A", to: 2019), District("b", "B", from: 2022, predecessors: new UnitChange("a", RegionChangeKind.Renamed, 2022)))],
            "range" => [City(District("a", "A", from: 2022, to: 2021))],
            "city" => [City(District("a", "A", to: 2021)), new UnitDefinition("c2", "C2", UnitLevel.City, null, [District("a", "A", from: 2022)])],
            _ => throw new ArgumentOutOfRangeException(nameof(broken)),
        };

        var error = Assert.Throws<ArgumentException>(() => RegionTree.Build(roots));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Cycle_NamesEveryUnitOnIt()
    {
        var error = Assert.Throws<ArgumentException>(() => RegionTree.Build([City(
            District("a", "A", predecessors: new UnitChange("c", RegionChangeKind.Renamed, 2020)),
            District("b", "B", predecessors: new UnitChange("a", RegionChangeKind.Merged, 2021)),
            District("c", "C", predecessors: new UnitChange("b", RegionChangeKind.Split, 2022)))]));

        Assert.Equal("Unit 'a': predecessor links form a cycle ('a' ← 'c' ← 'b' ← 'a').", error.Message);
    }
}
