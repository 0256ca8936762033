using System.Globalization;
using Aggregator.Contracts.V1;
using CsCheck;

namespace Aggregator.Export.Tests;

public sealed class CsvPropertyTests
{
    /// <summary>A cell of 三: not reported (about a quarter of the time) or a count up to 10^12.</summary>
    private static readonly Gen<long?> s_cell = Gen.Select(Gen.Int[0, 3], Gen.Long[0, 1_000_000_000_000L], (k, v) => k == 0 ? (long?)null : v);

    private static readonly Gen<(FormatVersion Format, bool OneOtherRow, long?[] Cells)> s_table3 = Gen.Select(
        Gen.Bool.Select(b => b ? FormatVersion._2019 : FormatVersion._2021), Gen.Bool, s_cell.Array[26 * 7]);

    [Fact]
    public void ExportReport_Csv_RoundTripsEveryCellOfTable3()
    {
        s_table3.Sample(t =>
        {
            var (format, oneOtherRow, cells) = t;
            var rowIds = National.RowIds3For2021.Concat(["other_handling.total"]).ToArray();
            long? Value(string row, string column) => cells[(Array.IndexOf(rowIds, row) * 7) + Array.IndexOf(National.Columns3, column)];
            var report = new Report
            {
                UnitId = "u1",
                Year = format == FormatVersion._2019 ? 2020 : 2022,
                Format = format,
                Requests = TestData.Requests(format, Value, oneOtherRow),
            };

            var rows = Csv.Section(Csv.Parse(Exporter.ExportReport(report, ExportFormat.Csv).Content), National.Title3).Skip(3).ToList();

            // The single 其他处理 row prints in 2019, and in 2021 when only the group total is reported.
            var single = format == FormatVersion._2019 ||
                (oneOtherRow && National.Columns3.Any(c => Value("other_handling.total", c) is not null));
            var expectedIds = single ? National.RowIds3OneOtherRow : National.RowIds3For2021;
            Assert.Equal(single ? National.Rows3OneOtherRow : National.Rows3For2021, rows.Select(National.Leaf));
            for (var r = 0; r < rows.Count; r++)
            {
                for (var c = 0; c < 7; c++)
                {
                    var expected = Value(expectedIds[r], National.Columns3[c]);
                    Assert.Equal(expected?.ToString(CultureInfo.InvariantCulture) ?? "", rows[r][3 + c]);
                }
            }
        }, iter: 150);
    }
}
