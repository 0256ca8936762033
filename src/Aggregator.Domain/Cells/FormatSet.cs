namespace Aggregator.Domain.Cells;

/// <summary>Which formats a cell belongs to.</summary>
[Flags]
public enum FormatSet
{
    V2019 = 1,
    V2021 = 2,
    Both = V2019 | V2021,
}
