namespace Aggregator.Testing;

/// <summary>A one-city registry with region changes (区划调整), for the server and console tests.</summary>
public static class RegionChangeRegistry
{
    /// <summary>
    /// 老城区 and 东区 merged into 新城区 in 2022; 旧区 renamed 掇刀区 in 2021; 漳河新区 split off 大区 in 2022.
    /// </summary>
    public const string Yaml = """
        units:
          - id: "4208"
            name: 荆门市
            level: city
            children:
              - { id: "420802", name: 东宝区, level: district }
              - { id: old-a, name: 老城区, level: district, valid_to: 2021 }
              - { id: old-b, name: 东区, level: district, valid_to: 2021 }
              - id: new-ab
                name: 新城区
                level: district
                valid_from: 2022
                predecessors:
                  - { id: old-a, change: merged, year: 2022 }
                  - { id: old-b, change: merged, year: 2022 }
              - { id: jiu, name: 旧区, level: district, valid_to: 2020 }
              - { id: duodao, name: 掇刀区, level: district, valid_from: 2021, predecessors: [ { id: jiu, change: renamed, year: 2021 } ] }
              - { id: big, name: 大区, level: district }
              - { id: zhanghe, name: 漳河新区, level: district, valid_from: 2022, predecessors: [ { id: big, change: split, year: 2022 } ] }
        """;
}
