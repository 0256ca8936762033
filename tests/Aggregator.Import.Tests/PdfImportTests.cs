using Aggregator.Import.Tests.Support;

namespace Aggregator.Import.Tests;

/// <summary>
/// PDF import on files made by a real producer: LibreOffice prints every published sample to PDF
/// (ruled tables with cells merged down and across, labels over two lines, table 三 broken by a page
/// break) and every cell of the PDF import equals the import of the sample itself.
/// </summary>
public sealed class PdfImportTests
{
    public static TheoryData<string> Samples() => [.. DocxImportTests.SampleNames()];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_as_pdf_imports_cell_exact(string name)
    {
        var (content, options) = DocxImportTests.Sample(name);
        var expected = ImportAssert.Succeeded(ReportImporter.Import(content, options));
        var pdf = (await DocxImportTests.Converted("pdf"))[name];

        using var stream = new MemoryStream(pdf);
        var result = ReportImporter.ImportPdf(stream, options);
        ImportAssert.SameCells(expected, ImportAssert.Succeeded(result));
        Assert.Empty(result.Findings);
    }
}
