using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Tests;

public sealed class CellCatalogTests
{
    [Fact]
    public void Table3_Has25RowsOf7ColumnsIn2021_And23In2019()
    {
        var rows2021 = CellCatalog.RequestRows.Count(r => r.Formats.Contains(ReportFormat.V2021) && r.Id != "other_handling.total");
        var rows2019 = CellCatalog.RequestRows.Count(r => r.Formats.Contains(ReportFormat.V2019));
        Assert.Equal(25, rows2021);
        Assert.Equal(23, rows2019);
        Assert.Equal(26 * 7, CellCatalog.All.Count(c => c.Section == Sections.S3Requests));
    }

    [Fact]
    public void Table4_Has3GroupsOf5()
    {
        Assert.Equal(15, CellCatalog.All.Count(c => c.Section == Sections.S4Review));
    }

    [Theory]
    [InlineData(ReportFormat.V2021, 10)]
    [InlineData(ReportFormat.V2019, 22)]
    public void Table2_HasTheFormatsCells(ReportFormat format, int expected)
    {
        Assert.Equal(expected, CellCatalog.ForFormat(format).Count(c => c.Section == Sections.S2Proactive));
    }

    [Fact]
    public void Paths_AreUniqueWithinAFormat_AndOrdinalsMatchPositions()
    {
        foreach (var format in new[] { ReportFormat.V2019, ReportFormat.V2021 })
        {
            var paths = CellCatalog.ForFormat(format).Select(c => c.Path).ToList();
            Assert.Equal(paths.Count, paths.Distinct(StringComparer.Ordinal).Count());
        }

        for (var i = 0; i < CellCatalog.Count; i++)
        {
            Assert.Equal(i, CellCatalog.All[i].Ordinal);
        }
    }

    [Fact]
    public void Get_UnknownPath_Throws_NamingThePath()
    {
        var ex = Assert.Throws<KeyNotFoundException>(() => CellCatalog.Get("s3.nope.total"));
        Assert.Contains("s3.nope.total", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("7.522", true)]
    [InlineData("0", true)]
    [InlineData("-18", true)]
    [InlineData("5949.088667", true)]
    [InlineData("1e5", false)]
    [InlineData("1,000", false)]
    [InlineData(" 1", false)]
    [InlineData("1.", false)]
    [InlineData(".5", false)]
    [InlineData("", false)]
    [InlineData("NaN", false)]
    public void ExactDecimal_ParsesOnlyPlainDecimals(string text, bool ok)
    {
        Assert.Equal(ok, ExactDecimal.TryParse(text, out _));
    }

    [Fact]
    public void Money_SumsExactly()
    {
        Assert.True(ExactDecimal.TryParse("0.1", out var a));
        Assert.True(ExactDecimal.TryParse("0.2", out var b));
        Assert.Equal("0.3", ExactDecimal.Format(a + b));
    }
}
