using Aggregator.Contracts.V1;
using Aggregator.Domain.Text;
using Aggregator.Server.Internal;
using Grpc.Core;
using Contract = Aggregator.Contracts.V1;

namespace Aggregator.Server.Services;

/// <summary>Parses published documents for backfill with the importer (Aggregator.Import).</summary>
internal static class DocumentImport
{
    /// <summary>The media type of a Word (.docx) document.</summary>
    public const string DocxMediaType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <param name="findings">The importer's warnings about the document (e.g. a row label that differs from the national one), stored with the rule findings.</param>
    /// <param name="chinese">Whether the caller asked for Chinese (<see cref="RequestLanguage"/>): the refusal detail is written in it.</param>
    public static Contract.Report Parse(PublishedDocument document, string unitId, int year, out IReadOnlyList<Aggregator.Domain.Rules.Finding> findings, bool chinese = false)
    {
        if (document.MediaType is not ("" or "text/plain" or "text/html" or "application/pdf" or DocxMediaType))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"media_type '{document.MediaType}' is not supported (text/plain, text/html, application/pdf or {DocxMediaType})."));
        }

        var options = new Aggregator.Import.ImportOptions(unitId, year);
        if (document.MediaType == "application/pdf")
        {
            return Imported(Aggregator.Import.ReportImporter.ImportPdf(new MemoryStream(document.Content.ToByteArray()), options), chinese, out findings);
        }

        if (document.MediaType == DocxMediaType)
        {
            return Imported(Aggregator.Import.ReportImporter.ImportDocx(new MemoryStream(document.Content.ToByteArray()), options), chinese, out findings);
        }

        string content;
        try
        {
            content = new System.Text.UTF8Encoding(false, true).GetString(document.Content.Span);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The document is not UTF-8 text."));
        }

        var result = document.MediaType switch
        {
            "text/html" => Aggregator.Import.ReportImporter.ImportHtml(content, options),
            "text/plain" => Aggregator.Import.ReportImporter.ImportText(content, options),
            _ => Aggregator.Import.ReportImporter.Import(content, options),
        };
        return Imported(result, chinese, out findings);
    }

    private static Contract.Report Imported(Aggregator.Import.ImportResult result, bool chinese, out IReadOnlyList<Aggregator.Domain.Rules.Finding> findings)
    {
        if (!result.Success)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, RefusalDetail(result.Errors, chinese)));
        }

        findings = result.Findings;
        return result.Report!;
    }

    /// <summary>
    /// Why a document cannot be imported, in the caller's language: the number of problems and the first
    /// one (its message says where, what was expected and what was found, once).
    /// </summary>
    internal static string RefusalDetail(IReadOnlyList<Aggregator.Import.ImportError> errors, bool chinese) =>
        (errors.Count == 0 ? Messages.Server.DocumentUnparseable : Messages.Server.DocumentRefused(errors.Count, errors[0].Message)).In(chinese);
}
