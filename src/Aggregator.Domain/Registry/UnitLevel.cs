using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Aggregator.Domain.Registry;

/// <summary>Level of a reporting unit in the region tree.</summary>
public enum UnitLevel
{
    /// <summary>省 province.</summary>
    Province = 1,

    /// <summary>市 city (the partition level of the store).</summary>
    City = 2,

    /// <summary>区、县、县级市、新区、管理区 county level.</summary>
    District = 3,

    /// <summary>部门 department.</summary>
    Department = 4,
}
