namespace Aggregator.Domain.Analysis;

/// <summary>Which deadline applies to a unit (政府信息公开条例 art. 49, 第四十九条; art. 50 lists the contents).</summary>
public enum DeadlineLevel
{
    /// <summary>Departments: 31 January of the following year.</summary>
    Department,

    /// <summary>Governments (county level and above): 31 March of the following year.</summary>
    Government,
}
