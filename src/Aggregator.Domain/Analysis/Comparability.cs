using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Analysis;

/// <summary>Which metrics mean the same thing across the 2019 and 2021 formats.</summary>
public static class Comparability
{
    /// <summary>
    /// True when <paramref name="path"/> (a cell path or indicator id) measures the same thing in both
    /// formats. Tables 三 and 四, section 六 and the indicators (which read only 三 and 四) are
    /// comparable; table 二 is not (制作/公开/对外公开总数 vs 制发/废止/现行有效; project counts vs fee
    /// amounts); 三(六) 其他处理 compares only as its group total.
    /// </summary>
    public static bool IsComparable(string path, ReportFormat from, ReportFormat to)
    {
        if (from == to)
        {
            return true;
        }

        if (path.StartsWith("s2.", StringComparison.Ordinal))
        {
            return false;
        }

        if (path.StartsWith("s3.other_handling.", StringComparison.Ordinal))
        {
            return path.StartsWith("s3.other_handling.total.", StringComparison.Ordinal);
        }

        return true;
    }

    /// <summary>
    /// The value of a cell for comparison: for 三(六) 其他处理's group total, the printed total or,
    /// when only the parts are printed, their sum (so 2021 and 2019 reports compare).
    /// </summary>
    public static decimal? CellValue(Figures figures, CellDefinition cell)
    {
        if (figures[cell.Id] is { } v)
        {
            return v;
        }

        if (cell.Path.StartsWith("s3.other_handling.total.", StringComparison.Ordinal))
        {
            var column = cell.Path["s3.other_handling.total.".Length..];
            decimal sum = 0;
            foreach (var part in new[] { "no_correction", "fee_unpaid", "other" })
            {
                if (figures[CellCatalog.Request($"other_handling.{part}", column)] is not { } p)
                {
                    return null;
                }

                sum += p;
            }

            return sum;
        }

        return null;
    }
}
