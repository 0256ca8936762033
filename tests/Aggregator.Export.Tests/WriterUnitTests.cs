using System.Text;
using Aggregator.Export.Internal;

namespace Aggregator.Export.Tests;

public sealed class WriterUnitTests
{
    [Theory]
    [InlineData("7.522", true)]
    [InlineData("0.3", true)]
    [InlineData("5949.088667", true)]
    [InlineData("999999999999999", true)]
    [InlineData("1000000000000001", false)]
    [InlineData("123456789012.345678", false)]
    [InlineData("-18", true)]
    public void RoundTripsAsNumber_DecidesByExactDoubleRoundTrip(string value, bool expected) =>
        Assert.Equal(expected, NumberPolicy.RoundTripsAsNumber(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void CsvWriter_QuotesPerRfc4180AndGuardsFormulas()
    {
        var grid = new Grid(4);
        grid.Add(GridCell.FreeText("a,b"), GridCell.FreeText("say \"hi\""), GridCell.FreeText("line\nbreak"), GridCell.FreeText("=1+1"));
        grid.Add(GridCell.Number(-18m), GridCell.Empty, GridCell.Label("plain"), GridCell.FreeText("@x"));

        var bytes = CsvWriter.Write(new ExportDocument("t", [new ExportSection("s", "s", grid)]));

        Assert.Equal("\uFEFFt\r\ns\r\n\"a,b\",\"say \"\"hi\"\"\",\"line\nbreak\",'=1+1\r\n-18,,plain,'@x\r\n", Encoding.UTF8.GetString(bytes));
        var records = Csv.Parse(bytes);
        Assert.Equal(["a,b", "say \"hi\"", "line\nbreak", "'=1+1"], records[2]);
    }

    [Fact]
    public void MarkdownWriter_EscapesPipesAndMarkup() =>
        Assert.Equal("a\\|b&lt;i&gt;<br>c", MarkdownWriter.Escape("a|b<i>\nc"));

    [Theory]
    [InlineData(0, 1u, "A1")]
    [InlineData(25, 2u, "Z2")]
    [InlineData(26, 3u, "AA3")]
    [InlineData(14, 4u, "O4")]
    public void Reference_IsA1Style(int column, uint row, string expected) => Assert.Equal(expected, XlsxWriter.Reference(column, row));
}
