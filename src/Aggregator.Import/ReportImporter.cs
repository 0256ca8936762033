using Aggregator.Domain.Text;
using Aggregator.Import.Internal;
using M = Aggregator.Domain.Text.Messages.Import;

namespace Aggregator.Import;

/// <summary>
/// Imports a published annual report (政府信息公开工作年度报告), given as text (tables as
/// <c>|</c>-separated rows, as copied from a web page) or as HTML, into the contract
/// <see cref="Aggregator.Contracts.V1.Report"/>. No I/O: the caller hands over the content.
/// </summary>
public static class ReportImporter
{
    /// <summary>Detects text or HTML (leading <c>&lt;</c> or a <c>&lt;table</c> element) and imports.</summary>
    public static ImportResult Import(string content, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(options);
        return LooksLikeHtml(content) ? ImportHtml(content, options) : ImportText(content, options);
    }

    /// <summary>Imports the text form: one paragraph or table row a line, cells separated by <c>|</c>.</summary>
    public static ImportResult ImportText(string text, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        return Bounded(() => new ReportBuilder(TextDocumentReader.Read(text), options).Build());
    }

    /// <summary>Imports an HTML page (typically Word-generated, inside a CMS page).</summary>
    public static ImportResult ImportHtml(string html, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(options);
        return Bounded(() => new ReportBuilder(HtmlDocumentReader.Read(html), options).Build());
    }

    /// <summary>Runs an import; a regex that exceeds its match timeout fails the import instead of the caller.</summary>
    private static ImportResult Bounded(Func<ImportResult> import)
    {
        try
        {
            return import();
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException e)
        {
            return new ImportResult(null,
            [
                ImportError.OfDocument(M.PatternsWithin(ImportLimits.RegexTimeoutMilliseconds), M.TimedOutOn(e.Pattern), M.TooComplex),
            ], []);
        }
    }

    /// <summary>
    /// Imports a Word (.docx) document: its paragraphs and real tables (merged cells, labels split
    /// over paragraphs and runs) go through the same section, table and narrative parsers.
    /// A stream that is not a Word document gives an error, not an exception.
    /// </summary>
    public static ImportResult ImportDocx(Stream docx, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(docx);
        ArgumentNullException.ThrowIfNull(options);
        SourceDocument document;
        try
        {
            document = DocxDocumentReader.Read(docx);
        }
        catch (InvalidDataException e)
        {
            return new ImportResult(null, [ImportError.OfDocument(M.WordDocument, LocalizedText.Verbatim(e.Message), M.CannotReadWord)], []);
        }

        return new ReportBuilder(document, options).Build();
    }

    /// <summary>
    /// Imports a filled XLSX template (<see cref="Aggregator.Export.TemplateWorkbook"/>), as saved by
    /// Excel, WPS or LibreOffice. The unit, year and format are the template's: an
    /// <see cref="ImportOptions.UnitId"/> or <see cref="ImportOptions.Year"/> that is given (non-empty,
    /// non-zero) and differs is an error. A value that is not a figure is an error naming the sheet,
    /// the cell and its path; a section with no filled input is left out.
    /// </summary>
    public static ImportResult ImportXlsx(Stream xlsx, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(xlsx);
        ArgumentNullException.ThrowIfNull(options);
        return XlsxTemplateReader.Read(xlsx, options);
    }

    /// <summary>
    /// Imports a PDF from its text layer: words with their positions become lines, paragraphs and
    /// tables (by their ruling lines; wrapped labels, merged cells and a table going on over a page
    /// break), page numbers and running headers left out; then the same section, table and
    /// narrative parsers as the other formats. A PDF without a text layer (a scan) is refused with
    /// the error <see cref="NoTextLayerExpected"/>, never read as an empty report.
    /// </summary>
    public static ImportResult ImportPdf(Stream pdf, ImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentNullException.ThrowIfNull(options);
        SourceDocument document;
        try
        {
            document = PdfDocumentReader.Read(pdf);
        }
        catch (PdfNoTextLayerException e)
        {
            return DocumentError(M.PdfWithTextLayer, M.PagesWithoutText(e.Pages), M.NoTextLayer(e.Pages));
        }
        catch (InvalidDataException e)
        {
            return DocumentError(M.PdfDocument, LocalizedText.Verbatim(e.Message), M.CannotReadPdf);
        }

        return Bounded(() => new ReportBuilder(document, options).Build());
    }

    /// <summary>The <see cref="ImportError.Expected"/> of the error for a PDF without a text layer (a scan).</summary>
    public static string NoTextLayerExpected => M.PdfWithTextLayer.En;

    private static ImportResult DocumentError(LocalizedText expected, LocalizedText found, LocalizedText detail) =>
        new(null, [ImportError.OfDocument(expected, found, detail)], []);

    private static bool LooksLikeHtml(string content)
    {
        var trimmed = content.AsSpan().TrimStart("\uFEFF \t\r\n");
        return (trimmed.Length > 0 && trimmed[0] == '<')
            || content.Contains("<table", StringComparison.OrdinalIgnoreCase);
    }
}
