using System.IO.Compression;
using Aggregator.Import.Internal;
using Aggregator.Import.Tests.Support;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Aggregator.Import.Tests;

/// <summary>
/// PDF import on files made by a real producer: LibreOffice prints every published sample to PDF
/// (ruled tables with cells merged down and across, labels wrapped over several lines, table 三
/// broken by a page break) and every cell of the PDF import equals the import of the sample itself.
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

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Every_sample_with_running_header_and_page_numbers_imports_cell_exact(string name)
    {
        var (content, options) = DocxImportTests.Sample(name);
        var expected = ImportAssert.Succeeded(ReportImporter.Import(content, options));
        var pdf = WithHeaderAndPageNumbers((await DocxImportTests.Converted("pdf"))[name]);

        using var stream = new MemoryStream(pdf);
        var result = ReportImporter.ImportPdf(stream, options);
        ImportAssert.SameCells(expected, ImportAssert.Succeeded(result));
    }

    [Fact]
    public async Task Table_three_of_the_test_material_is_broken_by_a_page_break_and_has_wrapped_labels()
    {
        // The material must really exercise the geometry: 三 on two pages, labels over several lines.
        var pdf = (await DocxImportTests.Converted("pdf"))["420804-2022.txt"];
        using var document = PdfDocument.Open(pdf);
        var pages = document.GetPages().Select(p => p.Text).ToList();
        Assert.Contains(pages, p => p.Contains("予以公开", StringComparison.Ordinal) && !p.Contains("结转下年度", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Contains("结转下年度", StringComparison.Ordinal) && !p.Contains("予以公开", StringComparison.Ordinal));
        var lines = document.GetPages().SelectMany(p => p.GetWords()).Where(w => w.Text.StartsWith("(二)部分公开", StringComparison.Ordinal)).ToList();
        var label = Assert.Single(lines);
        Assert.NotEqual("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", label.Text);

        using var stream = new MemoryStream(pdf);
        var table = PdfDocumentReader.Read(stream).Blocks.OfType<TableBlock>().Single(t => ContentRecognizer.ClassifyTable(t) == 3);
        Assert.Contains(table.Rows, r => r.Location.En.Contains("page 1", StringComparison.Ordinal));
        Assert.Contains(table.Rows, r => r.Location.En.Contains("page 2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_scanned_pdf_without_text_layer_is_refused_clearly()
    {
        var result = ReportImporter.ImportPdf(new MemoryStream(ScanLikePdf()), new ImportOptions("420802", 2022));

        Assert.Null(result.Report);
        var error = Assert.Single(result.Errors);
        Assert.Equal("document", error.Section);
        Assert.Equal(ReportImporter.NoTextLayerExpected, error.Expected);
        Assert.Contains("no text layer", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("OCR is not supported", error.MessageEn, StringComparison.Ordinal);
        Assert.Contains("没有文本层", error.MessageZh, StringComparison.Ordinal);
        Assert.Contains("OCR", error.MessageZh, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_pdf_is_refused_clearly()
    {
        var result = ReportImporter.ImportPdf(new MemoryStream("not a pdf"u8.ToArray()), new ImportOptions("420802", 2022));
        Assert.Null(result.Report);
        var error = Assert.Single(result.Errors);
        Assert.Equal("document", error.Section);
        Assert.Contains("PDF", error.MessageEn, StringComparison.Ordinal);
    }

    /// <summary>
    /// The PDF with a running header ("www.jingmen.gov.cn  2022") at the top and a page number
    /// ("- N -") at the bottom of every page, stamped with PdfPig's writer.
    /// </summary>
    internal static byte[] WithHeaderAndPageNumbers(byte[] pdf)
    {
        using var source = PdfDocument.Open(pdf);
        using var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var n = 1; n <= source.NumberOfPages; n++)
        {
            var page = builder.AddPage(source, n);
            var height = source.GetPage(n).Height;
            var width = source.GetPage(n).Width;
            page.AddText("www.jingmen.gov.cn  2022", 9, new PdfPoint(56.8, height - 18), font);
            page.AddText($"- {n} -", 10, new PdfPoint((width / 2) - 10, 12), font);
        }

        return builder.Build();
    }

    /// <summary>A one-page PDF holding only an image (a page as a scanner makes it): no text layer.</summary>
    internal static byte[] ScanLikePdf()
    {
        using var builder = new PdfDocumentBuilder();
        var page = builder.AddPage(595, 842);
        page.AddPng(GreyPng(64, 64), new PdfRectangle(50, 50, 545, 792));
        return builder.Build();
    }

    private static byte[] GreyPng(int width, int height)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // greyscale
        Chunk(png, "IHDR", header);
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                z.WriteByte(0);
                for (var x = 0; x < width; x++)
                {
                    z.WriteByte((byte)(((x / 8) + (y / 8)) % 2 == 0 ? 40 : 220));
                }
            }
        }

        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        var length = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        var crc = new byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        png.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
