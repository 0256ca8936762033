using Aggregator.Contracts.V1;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Aggregator.Export.Tests;

public sealed class XlsxValidityTests
{
    public static TheoryData<string> Exports => ["report", "rollup", "compare"];

    [Theory]
    [MemberData(nameof(Exports))]
    public void Export_Xlsx_IsSchemaValidOpenXml(string kind)
    {
        var file = kind switch
        {
            "report" => Exporter.ExportReport(TestData.Zhanghe2021(), ExportFormat.Xlsx),
            "rollup" => Exporter.ExportRollup(TestData.JingmenRollup(), ExportFormat.Xlsx),
            _ => Exporter.ExportComparison(TestData.Comparison(), ExportFormat.Xlsx),
        };

        using var stream = new MemoryStream(file.Content);
        using var package = SpreadsheetDocument.Open(stream, false);
        var errors = new OpenXmlValidator().Validate(package).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

        Assert.Empty(errors);
    }
}
