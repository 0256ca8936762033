using Aggregator.Import.Internal;

namespace Aggregator.Import.Tests;

/// <summary>How single cells are read: figures, "not reported" markers, and exact money.</summary>
public sealed class CellParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("3949", 3949)]
    [InlineData("  12 ", 12)]
    [InlineData("\u00A012\u00A0", 12)]
    [InlineData("１２３", 123)]
    [InlineData("1,234", 1234)]
    [InlineData("1，234", 1234)]
    [InlineData("12,345,678", 12345678)]
    [InlineData("-18", -18)]
    [InlineData("－18", -18)]
    [InlineData("− 18", -18)]
    [InlineData("5件", 5)]
    public void Counts_are_read_as_printed(string raw, long expected)
    {
        var cell = CellParser.ParseCount(raw);
        Assert.Equal(CellKind.Value, cell.Kind);
        Assert.Equal(expected, cell.Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u00A0")]
    [InlineData("—")]
    [InlineData("——")]
    [InlineData("-")]
    [InlineData("－")]
    [InlineData("/")]
    [InlineData("／")]
    [InlineData("无")]
    public void Blank_and_markers_mean_not_reported_never_zero(string raw)
    {
        Assert.Equal(CellKind.NotReported, CellParser.ParseCount(raw).Kind);
        Assert.Equal(CellKind.NotReported, CellParser.ParseMoney(raw, MoneyUnit.TenThousandYuan, MoneyUnit.TenThousandYuan).Kind);
        Assert.True(CellParser.IsNotReported(raw));
        Assert.False(CellParser.IsLabel(raw));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("12 34")]
    [InlineData("1,23")]
    [InlineData("0 0 0")]
    [InlineData("99999999999999999999")]
    public void Anything_else_is_invalid(string raw) => Assert.Equal(CellKind.Invalid, CellParser.ParseCount(raw).Kind);

    [Theory]
    [InlineData("7.522", "万元", "万元", "7.522")]
    [InlineData("7.5220", "万元", "万元", "7.5220")]
    [InlineData("5949.088667", "万元", "万元", "5949.088667")]
    [InlineData("1,234.56", "万元", "万元", "1234.56")]
    [InlineData("７．５２２", "万元", "万元", "7.522")]
    [InlineData("75394432.52元", "元", "元", "75394432.52")]
    [InlineData("75394432.52 元", "万元", "元", "75394432.52")]
    [InlineData("7539.443252万元", "元", "元", "75394432.52")]
    [InlineData("0.000001万元", "元", "元", "0.01")]
    [InlineData("12万元", "元", "元", "120000")]
    [InlineData("75220元", "万元", "万元", "7.522")]
    [InlineData("0.01元", "万元", "万元", "0.000001")]
    [InlineData("7.522", "万元", "元", "75220")]
    public void Money_is_exact_and_converted_by_moving_the_decimal_point(string raw, string unit, string target, string expected)
    {
        static MoneyUnit Unit(string name) => name == "元" ? MoneyUnit.Yuan : MoneyUnit.TenThousandYuan;
        var cell = CellParser.ParseMoney(raw, Unit(unit), Unit(target));
        Assert.Equal(CellKind.Value, cell.Kind);
        Assert.Equal(expected, cell.Value);
    }

    [Fact]
    public void Money_beyond_double_precision_survives()
    {
        var cell = CellParser.ParseMoney("123456789012345678.123456", MoneyUnit.TenThousandYuan, MoneyUnit.Yuan);
        Assert.Equal("1234567890123456781234.56", cell.Value);
    }

    [Theory]
    [InlineData("行政许可", true)]
    [InlineData("1.属于国家秘密", true)]
    [InlineData("7.522万元", false)]
    [InlineData("3949", false)]
    [InlineData("abc", false)]
    public void Labels_are_text_with_ideographs_that_is_not_a_figure(string raw, bool isLabel) => Assert.Equal(isLabel, CellParser.IsLabel(raw));
}
