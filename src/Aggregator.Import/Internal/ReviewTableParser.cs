using Aggregator.Contracts.V1;

namespace Aggregator.Import.Internal;

/// <summary>
/// Table 四 (reconsideration and litigation): 15 figures in printed order — three groups of
/// 结果维持, 结果纠正, 其他结果, 尚未审结, 总计 — taken from the data rows (rows without labels,
/// or the cells after a row's labels), never from the header geometry.
/// </summary>
internal static class ReviewTableParser
{
    private const int Section = 4;
    private const int FigureCount = 15;

    private static readonly string[] s_groups = ["行政复议", "行政诉讼·未经复议直接起诉", "行政诉讼·复议后起诉"];
    private static readonly string[] s_columns = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

    public static ReviewLitigation? Parse(IReadOnlyList<TableBlock> tables, ErrorSink errors)
    {
        var dataRows = tables
            .SelectMany(t => t.Rows)
            .Select(RowShape.Of)
            .Where(r => r.Figures.Count > 0 && !(r.LastLabel is not null && r.HasNoValues))
            .ToList();

        // Word pages end tables with empty spacer rows; ignore rows with no content at all
        // unless the figures cannot be found otherwise.
        var figures = Collect(dataRows);
        if (figures is null)
        {
            figures = Collect(dataRows.Where(r => !r.IsEmpty).ToList());
        }

        if (figures is null)
        {
            var all = dataRows.SelectMany(r => r.Figures).Where(f => f.Trim().Length > 0).ToList();
            var location = dataRows.Count > 0 ? dataRows[0].Location : tables[0].Location;
            errors.FigureCount(Section, location, "行政复议、行政诉讼", FigureCount, all);
            return null;
        }

        var errorCount = errors.Errors.Count;
        var groups = new ReviewGroup[3];
        for (var g = 0; g < 3; g++)
        {
            groups[g] = new ReviewGroup();
            for (var c = 0; c < 5; c++)
            {
                var (text, location) = figures[(g * 5) + c];
                var cell = CellParser.ParseCount(text);
                if (cell.Kind == CellKind.Invalid)
                {
                    errors.NonNumeric(Section, location, $"{s_groups[g]}·{s_columns[c]}", cell.Raw);
                }
                else if (cell.Kind == CellKind.Value)
                {
                    Set(groups[g], c, cell.Value);
                }
            }
        }

        if (errors.Errors.Count != errorCount)
        {
            return null;
        }

        return new ReviewLitigation
        {
            Reconsideration = groups[0],
            LitigationDirect = groups[1],
            LitigationAfterReconsideration = groups[2],
        };
    }

    private static List<(string Text, SourceLocation Location)>? Collect(IReadOnlyList<RowShape> rows)
    {
        var figures = new List<(string, SourceLocation)>();
        foreach (var row in rows)
        {
            var cells = row.Figures.ToList();
            // Trailing empty cells past the 15th are merge padding.
            while (figures.Count + cells.Count > FigureCount && cells.Count > 0 && cells[^1].Trim().Length == 0)
            {
                cells.RemoveAt(cells.Count - 1);
            }

            figures.AddRange(cells.Select(c => (c, row.Location)));
        }

        return figures.Count == FigureCount ? figures : null;
    }

    private static void Set(ReviewGroup group, int column, long value)
    {
        switch (column)
        {
            case 0: group.Upheld = value; break;
            case 1: group.Corrected = value; break;
            case 2: group.Other = value; break;
            case 3: group.Pending = value; break;
            default: group.Total = value; break;
        }
    }
}
