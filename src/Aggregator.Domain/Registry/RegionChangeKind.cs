namespace Aggregator.Domain.Registry;

/// <summary>How a unit came out of a predecessor (区划调整).</summary>
public enum RegionChangeKind
{
    /// <summary>更名: the predecessor was renamed (or re-coded) into this unit; its figures are this unit's before the change.</summary>
    Renamed = 1,

    /// <summary>合并/并入: the predecessor was merged into this unit; this unit's figures before the change include the predecessor's.</summary>
    Merged = 2,

    /// <summary>析出/拆分: this unit was split off the predecessor; no figures before the change (the series starts then).</summary>
    Split = 3,
}
