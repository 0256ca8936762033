namespace Aggregator.Domain.Cells;

public static class FormatSetExtensions
{
    public static bool Contains(this FormatSet set, ReportFormat format) =>
        (set & (format == ReportFormat.V2019 ? FormatSet.V2019 : FormatSet.V2021)) != 0;
}
