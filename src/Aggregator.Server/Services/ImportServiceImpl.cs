using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Registry;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Aggregator.Import;
using Aggregator.Server.Auth;
using Aggregator.Server.Internal;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;
using M = Aggregator.Domain.Text.Messages;

namespace Aggregator.Server.Services;

/// <summary>
/// Import preview: parses an uploaded report file with the importer (<see cref="ReportImporter"/>) and
/// runs the rules on it (<see cref="RuleEngine"/>, against the unit's previous year as stored), as a
/// submission would be checked. Nothing is stored. Reading rights (a district its own unit, a city its
/// subtree) decide who may preview which unit.
/// </summary>
public sealed class ImportServiceImpl(IReportStore store, AccessPolicy access, IOptions<LimitsOptions> limits, TimeProvider clock) : ImportService.ImportServiceBase
{
    private static readonly JsonParser s_json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public override async Task<PreviewImportResponse> PreviewImport(PreviewImportRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        var chinese = RequestLanguage.IsChinese(context);
        if (request.Content.Length > limits.Value.MaxMessageBytes)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, M.Server.ContentTooLarge(request.Content.Length, limits.Value.MaxMessageBytes).In(chinese)));
        }

        var fileFormat = request.FileFormat != ImportFileFormat.Unspecified ? request.FileFormat : DetectBinary(request.FileName, request.Content.Span);
        var (nameUnit, nameYear) = ReportFileNames.InferUnitYear(request.FileName);
        var givenUnit = request.UnitId.Length > 0 ? request.UnitId : nameUnit;
        var givenYear = request.Year != 0 ? request.Year : nameYear;
        if (givenYear is { } y && !ReportYear.IsValid(y))
        {
            throw ErrorDetails.InvalidField(M.Server.YearOutside(y, ReportYear.Min, ReportYear.Max).In(chinese), "year", M.Server.OutsideReportedYears.In(chinese));
        }

        if (fileFormat == ImportFileFormat.Xlsx)
        {
            // A filled template names its own unit and year; a given unit or year must agree with them.
            return await PreviewWorkbookAsync(request.Content, givenUnit, givenYear, caller, chinese, context.CancellationToken);
        }

        var unitId = givenUnit ?? caller.Unit.Id.Value;
        var yearValue = givenYear ?? throw ErrorDetails.InvalidField(M.Server.YearNotGiven.In(chinese), "year", M.Server.GiveYear.In(chinese));
        var unit = access.Authorize(caller, unitId, Operation.Read);
        var year = new ReportYear(yearValue);

        var text = "";
        if (fileFormat is ImportFileFormat.Unspecified or ImportFileFormat.Text or ImportFileFormat.Html or ImportFileFormat.Json)
        {
            try
            {
                text = new UTF8Encoding(false, true).GetString(request.Content.Span);
            }
            catch (DecoderFallbackException)
            {
                throw ErrorDetails.InvalidField(M.Server.NotUtf8.In(chinese), "content", M.Server.NotUtf8.In(chinese));
            }

            if (fileFormat == ImportFileFormat.Unspecified)
            {
                fileFormat = Detect(request.FileName, text);
            }
        }

        var response = new PreviewImportResponse { UnitId = unit.Id.Value, Year = year.Value, FileFormat = fileFormat };
        var report = Parse(text, request.Content, fileFormat, unit.Id.Value, year.Value, request.Format, response, chinese);
        return report is null ? response : await CheckAsync(response, report, unit, year, context.CancellationToken);
    }

    /// <summary>A filled XLSX template: parsed first (it names its unit and year), then authorized and checked.</summary>
    private async Task<PreviewImportResponse> PreviewWorkbookAsync(ByteString content, string? givenUnit, int? givenYear, Caller caller, bool chinese, CancellationToken cancellationToken)
    {
        var response = new PreviewImportResponse { UnitId = givenUnit ?? "", Year = givenYear ?? 0, FileFormat = ImportFileFormat.Xlsx };
        var result = ReportImporter.ImportXlsx(new MemoryStream(content.ToByteArray(), writable: false), new ImportOptions(givenUnit ?? "", givenYear ?? 0));
        var report = Collect(result, response, chinese);
        if (report is null)
        {
            if (givenUnit is not null)
            {
                access.Authorize(caller, givenUnit, Operation.Read);
            }

            return response;
        }

        var unit = access.Authorize(caller, report.UnitId, Operation.Read);
        if (!ReportYear.IsValid(report.Year))
        {
            throw ErrorDetails.InvalidField(M.Server.YearOutside(report.Year, ReportYear.Min, ReportYear.Max).In(chinese), "year", M.Server.OutsideReportedYears.In(chinese));
        }

        response.UnitId = unit.Id.Value;
        response.Year = report.Year;
        return await CheckAsync(response, report, unit, new ReportYear(report.Year), cancellationToken);
    }

    /// <summary>The rules on a parsed report, against the unit's previous year as stored, as a submission would be checked.</summary>
    private async Task<PreviewImportResponse> CheckAsync(PreviewImportResponse response, Report report, RegionUnit unit, ReportYear year, CancellationToken cancellationToken)
    {
        response.Report = report;
        var mapped = ReportMapper.ToDomain(report, ReportYear.LatestAt(clock.GetUtcNow(), limits.Value.MaxYearsAhead));
        if (!mapped.Success)
        {
            response.Findings.AddRange(FindingMapper.ToProto(mapped.Errors));
            response.HasErrors = true;
            return response;
        }

        var previous = year.Value > ReportYear.Min
            ? await store.GetAsync(unit.Id, year.Previous, null, RecordSource.Unspecified, cancellationToken)
            : null;
        var previousReport = previous is null ? null : ReportMapper.ToDomain(previous.Version.Report).Report;
        var result = RuleEngine.Evaluate(mapped.Report!, previousReport);
        response.Findings.AddRange(FindingMapper.ToProto(result.Violations));
        response.NotAssessable.AddRange(FindingMapper.ToProto(result.NotAssessable));
        response.HasErrors = !result.IsValid;
        return response;
    }

    private static Report? Parse(string text, ByteString content, ImportFileFormat fileFormat, string unitId, int year, Contracts.V1.FormatVersion format, PreviewImportResponse response, bool chinese)
    {
        if (fileFormat == ImportFileFormat.Json)
        {
            Report report;
            try
            {
                report = s_json.Parse<Report>(text);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or FormatException)
            {
                response.Problems.Add(Problem(ImportError.OfDocument(M.Import.ReportJson, LocalizedText.Verbatim(e.Message), M.Import.NotReportJson(e.Message)), chinese));
                return null;
            }

            if (report.UnitId.Length == 0)
            {
                report.UnitId = unitId;
            }

            if (report.Year == 0)
            {
                report.Year = year;
            }

            if (report.UnitId != unitId || report.Year != year)
            {
                response.Problems.Add(Problem(ImportError.OfDocument(M.Import.UnitAndYear(unitId, year), M.Import.UnitAndYear(report.UnitId, report.Year), M.Import.UnitOrYearDiffers), chinese));
                return null;
            }

            return report;
        }

        var options = new ImportOptions(unitId, year, format == Contracts.V1.FormatVersion.Unspecified ? null : format);
        var result = fileFormat switch
        {
            ImportFileFormat.Pdf => ReportImporter.ImportPdf(new MemoryStream(content.ToByteArray(), writable: false), options),
            ImportFileFormat.Docx => ReportImporter.ImportDocx(new MemoryStream(content.ToByteArray(), writable: false), options),
            ImportFileFormat.Html => ReportImporter.ImportHtml(text, options),
            _ => ReportImporter.ImportText(text, options),
        };
        return Collect(result, response, chinese);
    }

    /// <summary>The importer's notes, problems and document warnings into the response; the report when it parsed.</summary>
    private static Report? Collect(ImportResult result, PreviewImportResponse response, bool chinese)
    {
        response.Notes.AddRange(result.Notes.Select(n => n.In(chinese)));
        foreach (var e in result.Errors)
        {
            response.Problems.Add(Problem(e, chinese));
        }

        if (result.Report is null && result.Errors.Count == 0)
        {
            response.Problems.Add(Problem(ImportError.OfDocument(M.Import.ReportSections, M.Import.NothingFound, M.Import.NoReportContent), chinese));
        }

        if (!result.Success)
        {
            return null;
        }

        // The importer's warnings about the document (e.g. I.row_label), before the rules' findings.
        response.Findings.AddRange(FindingMapper.ToProto(result.Findings));
        return result.Report;
    }

    /// <summary>
    /// The binary formats, by extension or content: PDF (<c>%PDF-</c>), and the Office Open XML
    /// packages (zip) by the part they hold — a Word document or a workbook. Unspecified otherwise
    /// (text, HTML or JSON, told apart after decoding).
    /// </summary>
    private static ImportFileFormat DetectBinary(string fileName, ReadOnlySpan<byte> content)
    {
        switch (Path.GetExtension(fileName).ToLowerInvariant())
        {
            case ".pdf":
                return ImportFileFormat.Pdf;
            case ".docx":
                return ImportFileFormat.Docx;
            case ".xlsx":
                return ImportFileFormat.Xlsx;
        }

        if (content.StartsWith("%PDF-"u8))
        {
            return ImportFileFormat.Pdf;
        }

        if (content.StartsWith("PK\u0003\u0004"u8))
        {
            // Entry names are stored in the clear in the zip's headers.
            if (content.IndexOf("word/document.xml"u8) >= 0)
            {
                return ImportFileFormat.Docx;
            }

            if (content.IndexOf("xl/workbook.xml"u8) >= 0)
            {
                return ImportFileFormat.Xlsx;
            }
        }

        return ImportFileFormat.Unspecified;
    }

    private static ImportFileFormat Detect(string fileName, string text)
    {
        switch (Path.GetExtension(fileName).ToLowerInvariant())
        {
            case ".json":
                return ImportFileFormat.Json;
            case ".html" or ".htm":
                return ImportFileFormat.Html;
            case ".txt":
                return ImportFileFormat.Text;
        }

        var trimmed = text.AsSpan().TrimStart("\uFEFF \t\r\n");
        if (trimmed.Length > 0 && trimmed[0] == '{')
        {
            return ImportFileFormat.Json;
        }

        return (trimmed.Length > 0 && trimmed[0] == '<') || text.Contains("<table", StringComparison.OrdinalIgnoreCase)
            ? ImportFileFormat.Html
            : ImportFileFormat.Text;
    }

    /// <summary>A problem with expected and found in the caller's language, and the message in both.</summary>
    private static ImportProblem Problem(ImportError e, bool chinese) => new()
    {
        Section = e.Section,
        Line = e.Line ?? 0,
        Expected = e.ExpectedText.In(chinese),
        Found = e.FoundText.In(chinese),
        MessageZh = e.MessageZh,
        MessageEn = e.MessageEn,
    };
}
