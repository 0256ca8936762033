using Aggregator.Domain;
using Aggregator.Domain.Cells;

namespace Aggregator.Export.Internal;

/// <summary>
/// Lays out tables 二, 三 and 四 as the national format prints them (the layout of
/// <c>fixtures/reports/zhanghe-2021.txt</c>): same labels, same order, merged headings. Cell labels
/// come from <see cref="CellCatalog"/>; only the printed wording the catalog does not carry (block
/// headings, the row-header hierarchy of 三, full sub-row texts) is kept here.
/// </summary>
internal static class NationalTables
{
    public const string Title2 = "二、主动公开政府信息情况";
    public const string Title3 = "三、收到和处理政府信息公开申请情况";
    public const string Title4 = "四、政府信息公开行政复议、行政诉讼情况";

    public const string Sheet2 = "二 主动公开";
    public const string Sheet3 = "三 依申请";
    public const string Sheet4 = "四 复议诉讼";

    public const string ContentHeader = "信息内容";
    public const string BalanceNote = "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)";
    public const string RequesterHeader = "申请人情况";
    public const string OrganisationHeader = "法人或其他组织";
    public const string ResultsGroup = CellCatalog.ResultsGroup;

    /// <summary>A block of table 二: its heading, value columns and rows (catalog ids).</summary>
    internal sealed record Block2(string Heading, string[] Columns, string[] Rows);

    internal static IReadOnlyList<Block2> Blocks2021 { get; } =
    [
        new("第二十条第(一)项", ["issued", "repealed", "in_force"], ["regulations", "normative_documents"]),
        new("第二十条第(五)项", ["decisions"], ["administrative_licensing"]),
        new("第二十条第(六)项", ["decisions"], ["administrative_penalty", "administrative_coercion"]),
        new("第二十条第(八)项", ["amount"], ["administrative_fees"]),
    ];

    internal static IReadOnlyList<Block2> Blocks2019 { get; } =
    [
        new("第二十条第(一)项", ["made", "published", "total_published"], ["regulations", "normative_documents"]),
        new("第二十条第(五)项", ["previous_items", "change", "decisions"], ["administrative_licensing", "other_management_services"]),
        new("第二十条第(六)项", ["previous_items", "change", "decisions"], ["administrative_penalty", "administrative_coercion"]),
        new("第二十条第(八)项", ["previous_items", "change"], ["administrative_fees"]),
        new("第二十条第(九)项", ["items", "amount"], ["government_procurement"]),
    ];

    /// <summary>Column headings printed differently from the catalog's label.</summary>
    private static readonly Dictionary<string, string> s_printedColumn2 = new(StringComparer.Ordinal)
    {
        ["s2.administrative_fees.amount"] = "本年收费金额(单位:万元)",
    };

    /// <summary>
    /// The printed row header of each row of table 三: (level-1 label, level-2 label, leaf label).
    /// Level 1 and 2 are merged over consecutive rows that share them; a row whose deeper levels
    /// are empty spans them.
    /// </summary>
    internal static IReadOnlyDictionary<string, (string Top, string Group, string Leaf)> PrintedRows3 { get; } =
        CellCatalog.RequestRows.ToDictionary(r => r.Id, r => (r.Printed.Top, r.Printed.Group, r.Printed.Leaf), StringComparer.Ordinal);

    private static readonly string[] s_otherHandlingParts = ["other_handling.no_correction", "other_handling.fee_unpaid", "other_handling.other"];

    /// <summary>The three national tables of a report, in order.</summary>
    public static IEnumerable<ExportSection> Build(AnnualReport report)
    {
        yield return new ExportSection(Title2, Sheet2, Table2(report));
        yield return new ExportSection(Title3, Sheet3, Table3(report));
        yield return new ExportSection(Title4, Sheet4, Table4(report));
    }

    /// <summary>Table 二 in the report's format: per block a heading, a header row and its rows.</summary>
    public static Grid Table2(AnnualReport report)
    {
        var blocks = report.Format == ReportFormat.V2019 ? Blocks2019 : Blocks2021;
        var grid = new Grid(4) { Widths = [24, 22, 22, 22] };
        foreach (var block in blocks)
        {
            var heading = grid.Add(GridCell.Header(block.Heading));
            grid.MergeCells(heading, 0, heading, 3);

            var cells = new GridCell[1 + block.Columns.Length];
            cells[0] = GridCell.Header(ContentHeader);
            for (var c = 0; c < block.Columns.Length; c++)
            {
                var cell = Cell2(block.Rows[0], block.Columns[c], report.Format);
                cells[c + 1] = GridCell.Header(s_printedColumn2.GetValueOrDefault(cell.Path, cell.ColumnLabelZh));
            }

            var header = grid.Add(cells);
            MergeTail(grid, header, block.Columns.Length);

            foreach (var rowId in block.Rows)
            {
                var row = new GridCell[1 + block.Columns.Length];
                row[0] = GridCell.Label(Cell2(rowId, block.Columns[0], report.Format).RowLabelZh);
                for (var c = 0; c < block.Columns.Length; c++)
                {
                    row[c + 1] = GridCell.Figure(report, Cell2(rowId, block.Columns[c], report.Format).Id);
                }

                MergeTail(grid, grid.Add(row), block.Columns.Length);
            }
        }

        return grid;
    }

    /// <summary>The last value cell of a block narrower than the table spans to the last column.</summary>
    private static void MergeTail(Grid grid, int row, int valueColumns) => grid.MergeCells(row, valueColumns, row, 3);

    private static CellDefinition Cell2(string row, string column, ReportFormat format) =>
        CellCatalog.TryFind($"s2.{row}.{column}", format, out var cell)
            ? cell
            : throw new InvalidOperationException($"The catalog has no cell s2.{row}.{column} in format {format}.");

    /// <summary>
    /// Whether 其他处理 prints as one row: always in the 2019 format; in the 2021 format when its
    /// three sub-rows are not reported at all but its total is (the hybrid some reports print).
    /// </summary>
    public static bool OtherHandlingAsOneRow(AnnualReport report)
    {
        if (report.Format == ReportFormat.V2019)
        {
            return true;
        }

        bool AnyReported(string row) => CellCatalog.RequestColumns.Any(c => report.Figures[CellCatalog.Request(row, c.Id)] is not null);
        return !s_otherHandlingParts.Any(AnyReported) && AnyReported("other_handling.total");
    }

    /// <summary>The rows of table 三 printed for this report, in national order.</summary>
    public static IReadOnlyList<RequestRowDefinition> Rows3(AnnualReport report)
    {
        var single = OtherHandlingAsOneRow(report);
        return
        [
            .. CellCatalog.RequestRows.Where(r =>
                r.Formats.Contains(report.Format) &&
                (single ? !s_otherHandlingParts.Contains(r.Id) : r.Id != "other_handling.total")),
        ];
    }

    /// <summary>
    /// Table 三: three label columns (the printed row-header hierarchy) and the seven requester
    /// columns, under the three header rows of the national table.
    /// </summary>
    public static Grid Table3(AnnualReport report)
    {
        var columns = CellCatalog.RequestColumns;
        const int Labels = 3;
        var grid = new Grid(Labels + columns.Count) { Widths = [18, 18, 40, .. columns.Select(_ => 10.0)] };

        var h1 = grid.Add(GridCell.Header(BalanceNote), GridCell.Empty, GridCell.Empty, GridCell.Header(RequesterHeader));
        var h2 = grid.Add();
        var h3 = grid.Add();
        grid.MergeCells(h1, 0, h3, Labels - 1);
        grid.MergeCells(h1, Labels, h1, Labels + columns.Count - 1);
        for (var c = 0; c < columns.Count; c++)
        {
            var column = Labels + c;
            var organisation = columns[c].Id is not ("natural_person" or "total");
            if (organisation)
            {
                grid.Set(h3, column, GridCell.Header(columns[c].LabelZh));
            }
            else
            {
                grid.Set(h2, column, GridCell.Header(columns[c].LabelZh));
                grid.MergeCells(h2, column, h3, column);
            }
        }

        var firstOrganisation = Labels + columns.ToList().FindIndex(c => c.Id == "commercial_enterprise");
        var lastOrganisation = Labels + columns.ToList().FindIndex(c => c.Id == "other_org");
        grid.Set(h2, firstOrganisation, GridCell.Header(OrganisationHeader));
        grid.MergeCells(h2, firstOrganisation, h2, lastOrganisation);

        var rows = Rows3(report);
        var indices = new List<int>(rows.Count);
        foreach (var row in rows)
        {
            var (top, group, leaf) = PrintedRows3[row.Id];
            var cells = new GridCell[Labels + columns.Count];
            cells[0] = GridCell.Label(top);
            cells[1] = group.Length > 0 ? GridCell.Label(group) : GridCell.Empty;
            cells[2] = leaf.Length > 0 ? GridCell.Label(leaf) : GridCell.Empty;
            for (var c = 0; c < columns.Count; c++)
            {
                cells[Labels + c] = GridCell.Figure(report, CellCatalog.Request(row.Id, columns[c].Id));
            }

            indices.Add(grid.Add(cells));
        }

        // Merge the row-header hierarchy: a label spans the consecutive rows that share it and its
        // parents, and the deeper levels it has not got.
        var printed = rows.Select(r => PrintedRows3[r.Id]).Select(p => new[] { p.Top, p.Group, p.Leaf }).ToArray();
        for (var level = 0; level < Labels; level++)
        {
            var i = 0;
            while (i < rows.Count)
            {
                if (printed[i][level].Length == 0)
                {
                    i++;
                    continue;
                }

                var j = i;
                while (j + 1 < rows.Count && printed[i].Take(level + 1).SequenceEqual(printed[j + 1].Take(level + 1)))
                {
                    j++;
                    grid.Set(indices[j], level, GridCell.Empty);
                }

                var lastColumn = level;
                while (lastColumn + 1 < Labels && printed[i][lastColumn + 1].Length == 0)
                {
                    lastColumn++;
                }

                grid.MergeCells(indices[i], level, indices[j], lastColumn);
                i = j + 1;
            }
        }

        return grid;
    }

    /// <summary>
    /// Table 四: 行政复议 (five columns) and 行政诉讼 split into 未经复议直接起诉 and 复议后起诉
    /// (five each), three header rows and one row of figures.
    /// </summary>
    public static Grid Table4(AnnualReport report)
    {
        var groups = CellCatalog.ReviewGroups;
        var columns = CellCatalog.ReviewColumns;
        var width = groups.Count * columns.Count;
        var grid = new Grid(width) { Widths = [.. Enumerable.Repeat(9.0, width)] };
        var h1 = grid.Add();
        var h2 = grid.Add();
        var h3 = grid.Add();
        var values = grid.Add();

        var c0 = 0;
        var i = 0;
        while (i < groups.Count)
        {
            var (top, sub) = SplitGroup(groups[i].LabelZh);
            if (sub is null)
            {
                // A group without sub-heading (行政复议): its heading spans its columns, its column
                // headings the two lower header rows.
                grid.Set(h1, c0, GridCell.Header(top));
                grid.MergeCells(h1, c0, h1, c0 + columns.Count - 1);
                for (var c = 0; c < columns.Count; c++)
                {
                    grid.Set(h2, c0 + c, GridCell.Header(columns[c].LabelZh));
                    grid.MergeCells(h2, c0 + c, h3, c0 + c);
                    grid.Set(values, c0 + c, GridCell.Figure(report, CellCatalog.Review(groups[i].Id, columns[c].Id)));
                }

                c0 += columns.Count;
                i++;
                continue;
            }

            // Consecutive groups sharing a heading (行政诉讼·…) print it once over all of them.
            var start = c0;
            while (i < groups.Count && SplitGroup(groups[i].LabelZh) is var (t, s) && t == top && s is not null)
            {
                grid.Set(h2, c0, GridCell.Header(s));
                grid.MergeCells(h2, c0, h2, c0 + columns.Count - 1);
                for (var c = 0; c < columns.Count; c++)
                {
                    grid.Set(h3, c0 + c, GridCell.Header(columns[c].LabelZh));
                    grid.Set(values, c0 + c, GridCell.Figure(report, CellCatalog.Review(groups[i].Id, columns[c].Id)));
                }

                c0 += columns.Count;
                i++;
            }

            grid.Set(h1, start, GridCell.Header(top));
            grid.MergeCells(h1, start, h1, c0 - 1);
        }

        return grid;
    }

    /// <summary>"行政诉讼·复议后起诉" → ("行政诉讼", "复议后起诉"); "行政复议" → ("行政复议", null).</summary>
    internal static (string Top, string? Sub) SplitGroup(string label)
    {
        var dot = label.IndexOf('·', StringComparison.Ordinal);
        return dot < 0 ? (label, null) : (label[..dot], label[(dot + 1)..]);
    }
}
