using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Import;
using Aggregator.Server.Auth;
using Aggregator.Storage.Redis;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

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
        if (request.Content.Length > limits.Value.MaxMessageBytes)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument,
                $"content is {request.Content.Length} bytes; the limit is {limits.Value.MaxMessageBytes}."));
        }

        var (nameUnit, nameYear) = ReportFileNames.InferUnitYear(request.FileName);
        var unitId = request.UnitId.Length > 0 ? request.UnitId : nameUnit ?? caller.Unit.Id.Value;
        var yearValue = request.Year != 0 ? request.Year : nameYear
            ?? throw ErrorDetails.InvalidField("The year is not given and the file name has none.", "year", "Give year, or name the file <unit>-<year>.ext.");
        if (!ReportYear.IsValid(yearValue))
        {
            throw ErrorDetails.InvalidField($"year {yearValue} is outside {ReportYear.Min}..{ReportYear.Max}.", "year", "Outside the years reported on.");
        }

        var unit = access.Authorize(caller, unitId, Operation.Read);
        var year = new ReportYear(yearValue);

        var isPdf = request.FileFormat == ImportFileFormat.Pdf
            || (request.FileFormat == ImportFileFormat.Unspecified
                && (Path.GetExtension(request.FileName).Equals(".pdf", StringComparison.OrdinalIgnoreCase) || request.Content.Span.StartsWith("%PDF-"u8)));
        var text = "";
        try
        {
            text = isPdf ? "" : new UTF8Encoding(false, true).GetString(request.Content.Span);
        }
        catch (DecoderFallbackException)
        {
            throw ErrorDetails.InvalidField("The file is not UTF-8 text.", "content", "Not UTF-8 text.");
        }

        var fileFormat = isPdf ? ImportFileFormat.Pdf : request.FileFormat != ImportFileFormat.Unspecified ? request.FileFormat : Detect(request.FileName, text);
        var response = new PreviewImportResponse { UnitId = unit.Id.Value, Year = year.Value, FileFormat = fileFormat };
        var report = Parse(text, request.Content, fileFormat, unit.Id.Value, year.Value, request.Format, response);
        if (report is null)
        {
            return response;
        }

        response.Report = report;
        var mapped = ReportMapper.ToDomain(report, ReportYear.LatestAt(clock.GetUtcNow(), limits.Value.MaxYearsAhead));
        if (!mapped.Success)
        {
            response.Findings.AddRange(FindingMapper.ToProto(mapped.Errors));
            response.HasErrors = true;
            return response;
        }

        var previous = year.Value > ReportYear.Min
            ? await store.GetAsync(unit.Id, year.Previous, null, RecordSource.Unspecified, context.CancellationToken)
            : null;
        var previousReport = previous is null ? null : ReportMapper.ToDomain(previous.Version.Report).Report;
        var result = RuleEngine.Evaluate(mapped.Report!, previousReport);
        response.Findings.AddRange(FindingMapper.ToProto(result.Violations));
        response.NotAssessable.AddRange(FindingMapper.ToProto(result.NotAssessable));
        response.HasErrors = !result.IsValid;
        return response;
    }

    private static Report? Parse(string text, ByteString content, ImportFileFormat fileFormat, string unitId, int year, Contracts.V1.FormatVersion format, PreviewImportResponse response)
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
                response.Problems.Add(Problem("document", null, "Report JSON", e.Message, "不是合同格式的 JSON 报表:" + e.Message, "Not a report in the contract's JSON form: " + e.Message));
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
                response.Problems.Add(Problem("document", null, unitId + " " + year, report.UnitId + " " + report.Year,
                    "文件中的单位或年度与所选不一致", "The file's unit or year differs from the one chosen"));
                return null;
            }

            return report;
        }

        var options = new ImportOptions(unitId, year, format == Contracts.V1.FormatVersion.Unspecified ? null : format);
        var result = fileFormat switch
        {
            ImportFileFormat.Pdf => ReportImporter.ImportPdf(new MemoryStream(content.ToByteArray()), options),
            ImportFileFormat.Html => ReportImporter.ImportHtml(text, options),
            _ => ReportImporter.ImportText(text, options),
        };
        response.Notes.AddRange(result.Notes);
        foreach (var e in result.Errors)
        {
            response.Problems.Add(Problem(e.Section, e.Line, e.Expected, e.Found, e.MessageZh, e.MessageEn));
        }

        if (result.Report is null && result.Errors.Count == 0)
        {
            response.Problems.Add(Problem("document", null, "一..六", "", "文件中没有可识别的年度报表内容", "The file holds no recognisable annual report"));
        }

        if (!result.Success)
        {
            return null;
        }

        // The importer's warnings about the document (e.g. I.row_label), before the rules' findings.
        response.Findings.AddRange(FindingMapper.ToProto(result.Findings));
        return result.Report;
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

    private static ImportProblem Problem(string section, int? line, string expected, string found, string zh, string en) => new()
    {
        Section = section,
        Line = line ?? 0,
        Expected = expected,
        Found = found,
        MessageZh = zh,
        MessageEn = en,
    };
}
