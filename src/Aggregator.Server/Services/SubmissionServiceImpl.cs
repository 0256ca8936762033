using System.Security.Cryptography;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Audit;
using AuditAction = Aggregator.Domain.Audit.AuditAction;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;
using AuditOutcome = Aggregator.Domain.Audit.AuditOutcome;
using Aggregator.Server.Audit;
using Aggregator.Domain.Text;
using Aggregator.Server.Auth;
using Aggregator.Server.Interceptors;
using Aggregator.Server.Internal;
using Aggregator.Server.Telemetry;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Contract = Aggregator.Contracts.V1;

namespace Aggregator.Server.Services;

/// <summary>The submission service districts call.</summary>
public sealed class SubmissionServiceImpl(
    SubmissionHandler handler,
    IReportStore store,
    AccessPolicy access,
    CallerLimits callerLimits,
    AggregatorMetrics metrics,
    IOptions<LimitsOptions> limits,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    AuditRecorder audit,
    ILogger<SubmissionServiceImpl> logger) : SubmissionService.SubmissionServiceBase
{
    public override async Task<SubmitResponse> Submit(SubmitRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        var ack = await handler.HandleAsync(request, caller, context.CancellationToken);
        if (ack.Outcome != AckOutcome.Accepted)
        {
            throw ErrorDetails.FromAcknowledgement(ack, caller.Language);
        }

        return new SubmitResponse { Acknowledgement = ack };
    }

    public override async Task SubmitStream(IAsyncStreamReader<SubmitStreamRequest> requestStream, IServerStreamWriter<SubmitStreamResponse> responseStream, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        metrics.StreamOpened();
        try
        {
            await RunStreamAsync(requestStream, responseStream, context, (message, ct) => AcknowledgeAsync(message, caller, ct));
        }
        finally
        {
            metrics.StreamClosed();
        }
    }

    private async Task<SubmitStreamResponse> AcknowledgeAsync(SubmitStreamRequest message, Caller caller, CancellationToken ct)
    {
        Acknowledgement ack;
        if (message.CorrelationId.Length is < 1 or > 128)
        {
            ack = SubmissionHandler.Reject(StatusCode.InvalidArgument, "correlation_id must be 1..128 characters.",
                message.Submission?.Report?.UnitId ?? "", message.Submission?.Report?.Year ?? 0);
        }
        else
        {
            try
            {
                ack = await handler.HandleAsync(message.Submission, caller, ct);
            }
            catch (StoreException e)
            {
                ack = SubmissionHandler.Reject(e.Code, e.Message, message.Submission?.Report?.UnitId ?? "", message.Submission?.Report?.Year ?? 0);
            }
        }

        return new SubmitStreamResponse { CorrelationId = message.CorrelationId, Acknowledgement = ack };
    }

    /// <summary>Runs a stream through <see cref="StreamPump"/> (bounded in-flight, one writer, drained on shutdown and on a read failure).</summary>
    private Task RunStreamAsync<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context,
        Func<TRequest, CancellationToken, Task<TResponse>> process) =>
        StreamPump.RunAsync(requestStream, responseStream, process, limits.Value.MaxInFlightPerStream,
            logger, lifetime.ApplicationStopping, context.CancellationToken);

    public override async Task<GetSubmissionResponse> GetSubmission(GetSubmissionRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        var unit = access.Authorize(caller, request.UnitId, Operation.Read);
        var year = Year(request.Year);
        var record = await store.GetAsync(unit.Id, year, request.HasVersion ? request.Version : null, request.Source, context.CancellationToken)
            ?? throw new RpcException(new Status(StatusCode.NotFound,
                request.HasVersion
                    ? $"Unit '{unit.Id}' has no stored version {request.Version} for {year}."
                    : $"Unit '{unit.Id}' has no stored report for {year}."));
        var response = new GetSubmissionResponse
        {
            Report = record.Version.Report,
            Info = record.Version.Info,
            ReviewState = StateOf(record.Head, record.Version.Info.Source),
            ReviewReason = record.Head.ReviewReason,
        };
        response.Findings.AddRange(record.Version.Findings);
        return response;
    }

    public override async Task<ListVersionsResponse> ListVersions(ListVersionsRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        var unit = access.Authorize(caller, request.UnitId, Operation.Read);
        var year = Year(request.Year);
        var (offset, size) = VersionPages.Parse(unit.Id, year, request.PageSize, request.PageToken);
        var history = await store.ListVersionsAsync(unit.Id, year, context.CancellationToken);
        var response = new ListVersionsResponse
        {
            ReviewState = history.Head.SubmissionVersion > 0 ? history.Head.ReviewState
                : history.Head.PublishedVersion > 0 ? ReviewState.Published : ReviewState.Unspecified,
        };
        var page = history.Versions.Skip(offset).Take(size).ToList();
        response.Versions.AddRange(page);
        var submitted = page.Where(v => v.Source == RecordSource.Submission).Select(v => v.Version).ToHashSet();
        response.Reviews.AddRange(history.Reviews.Where(r => submitted.Contains(r.Version)));
        if (offset + page.Count < history.Versions.Length)
        {
            response.NextPageToken = VersionPages.Token(unit.Id, year, offset + page.Count);
        }

        return response;
    }

    public override async Task<ReviewSubmissionResponse> ReviewSubmission(ReviewSubmissionRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        var unit = access.Authorize(caller, request.UnitId, Operation.Review);
        var year = Year(request.Year);
        if (request.Decision is not (ReviewDecision.Accept or ReviewDecision.Return))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "decision must be ACCEPT or RETURN."));
        }

        if (request.Decision == ReviewDecision.Return && string.IsNullOrWhiteSpace(request.Reason))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A returned submission needs a reason."));
        }

        if (request.Reason.Length > 2000)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The reason is longer than 2000 characters."));
        }

        var state = await store.ReviewAsync(
            new ReviewCommand(unit.Id, year, request.Decision, request.Reason, request.Version, caller.Subject, caller.Actor) { Language = caller.Language ?? Language.En }, context.CancellationToken);
        return new ReviewSubmissionResponse { ReviewState = state };
    }

    public override async Task<BackfillResponse> Backfill(BackfillRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        return await BackfillCoreAsync(request, caller, RequestLanguage.IsChinese(context), context.CancellationToken);
    }

    public override async Task BackfillStream(IAsyncStreamReader<BackfillStreamRequest> requestStream, IServerStreamWriter<BackfillStreamResponse> responseStream, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        var chinese = RequestLanguage.IsChinese(context);
        metrics.StreamOpened();
        try
        {
            await RunStreamAsync(requestStream, responseStream, context, async (message, ct) =>
            {
                var response = new BackfillStreamResponse { CorrelationId = message.CorrelationId };
                try
                {
                    callerLimits.Change(caller.Unit.Id.Value);
                    response.Result = await BackfillCoreAsync(message.Record ?? new BackfillRequest(), caller, chinese, ct);
                }
                catch (RpcException e)
                {
                    response.StatusCode = (int)e.StatusCode;
                    response.StatusMessage = e.Status.Detail;
                    if (e.StatusCode == StatusCode.PermissionDenied && message.Record is { } record)
                    {
                        // Unary calls' denials are recorded by the AuditInterceptor; a stream's, per message, here.
                        audit.Record(record.UnitId, record.Year, new AuditEntry(audit.Now, AuditAction.Denied, AuditOutcome.Refused, caller.Actor,
                            record.UnitId, record.Year, statusCode: (int)e.StatusCode, detail: context.Method + ": " + e.Status.Detail));
                    }
                }
                catch (StoreException e)
                {
                    response.StatusCode = (int)e.Code;
                    response.StatusMessage = e.Message;
                }

                return response;
            });
        }
        finally
        {
            metrics.StreamClosed();
        }
    }

    private async Task<BackfillResponse> BackfillCoreAsync(BackfillRequest request, Caller caller, bool chinese, CancellationToken ct)
    {
        // A BackfillStream message with an unknown enum value (report.format) is refused on its own.
        UnknownEnumValues.ThrowIfAny(request);
        var unit = access.Authorize(caller, request.UnitId, Operation.Backfill);
        var year = Year(request.Year);
        var source = request.Source?.Clone() ?? new PublishedSource();
        Report report;
        IReadOnlyList<Aggregator.Domain.Rules.Finding> importFindings = [];
        switch (request.ContentCase)
        {
            case BackfillRequest.ContentOneofCase.Report:
                report = request.Report;
                if (report.UnitId != request.UnitId || report.Year != request.Year)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "The report's unit_id and year must match the request's."));
                }

                if (source.ContentSha256.Length != 64 || !source.ContentSha256.All(char.IsAsciiHexDigitLower))
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "source.content_sha256 (64 lowercase hex digits) is required with a parsed report."));
                }

                break;
            case BackfillRequest.ContentOneofCase.Document:
                source.ContentSha256 = Convert.ToHexStringLower(SHA256.HashData(request.Document.Content.Span));
                report = DocumentImport.Parse(request.Document, unit.Id.Value, year.Value, out importFindings, chinese);
                break;
            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Either a report or a document is required."));
        }

        var mapped = ReportMapper.ToDomain(report, ReportYear.LatestAt(time.GetUtcNow(), limits.Value.MaxYearsAhead));
        if (!mapped.Success)
        {
            throw ErrorDetails.InvalidArgument(caller.Text(Messages.Server.PublishedMalformed), [.. FindingMapper.ToProto(mapped.Errors)], caller.Language);
        }

        var previous = year.Value > ReportYear.Min ? await store.GetAsync(unit.Id, year.Previous, null, RecordSource.Unspecified, ct) : null;
        var previousReport = previous is null ? null : ReportMapper.ToDomain(previous.Version.Report).Report;
        var result = RuleEngine.Evaluate(mapped.Report!, previousReport);
        return await store.BackfillAsync(new BackfillCommand(mapped.Report!, [.. importFindings, .. result.Violations], [.. result.NotAssessable], source, caller.Subject, caller.Actor), ct);
    }

    private static ReviewState StateOf(UnitHead head, RecordSource source) =>
        source == RecordSource.Published ? ReviewState.Published : head.ReviewState;

    private static ReportYear Year(int year) =>
        ReportYear.IsValid(year) ? new ReportYear(year)
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"year {year} is outside {ReportYear.Min}..{ReportYear.Max}."));
}

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
