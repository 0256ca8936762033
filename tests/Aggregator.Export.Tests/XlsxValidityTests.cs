using Aggregator.Contracts.V1;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace Aggregator.Export.Tests;

public sealed class XlsxValidityTests
{
    public static TheoryData<string> Exports => ["report", "rollup", "compare", "template-2019", "template-2021"];

    [Theory]
    [MemberData(nameof(Exports))]
    public void Export_Xlsx_IsSchemaValidOpenXml(string kind)
    {
        var file = kind switch
        {
            "report" => Exporter.ExportReport(TestData.Zhanghe2021(), ExportFormat.Xlsx),
            "rollup" => Exporter.ExportRollup(TestData.JingmenRollup(), ExportFormat.Xlsx),
            "template-2019" => TemplateWorkbook.Create("420802", 2019, "东宝区"),
            "template-2021" => TemplateWorkbook.Create("jingmen-zhanghe", 2021),
            _ => Exporter.ExportComparison(TestData.Comparison(), ExportFormat.Xlsx),
        };

        using var stream = new MemoryStream(file.Content);
        using var package = SpreadsheetDocument.Open(stream, false);
        var errors = new OpenXmlValidator().Validate(package).Select(e => $"{e.Path?.XPath}: {e.Description}").ToList();

        Assert.Empty(errors);
    }
}
