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
using Aggregator.Domain.UnitYears;
using Aggregator.Server.Auth;
using Aggregator.Server.Interceptors;
using Aggregator.Server.Internal;
using Aggregator.Server.Telemetry;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Contract = Aggregator.Contracts.V1;

namespace Aggregator.Server.Services;

/// <summary>The submission service districts call.</summary>
public sealed class SubmissionServiceImpl(
    SubmissionHandler handler,
    BackfillHandler backfills,
    IReportStore store,
    AccessPolicy access,
    CallerLimits callerLimits,
    AggregatorMetrics metrics,
    IOptions<LimitsOptions> limits,
    IHostApplicationLifetime lifetime,
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
                ack = SubmissionHandler.Reject(StoreStatus.ToStatusCode(e.Kind), e.Message, message.Submission?.Report?.UnitId ?? "", message.Submission?.Report?.Year ?? 0);
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
        var year = RequestYear.Parse(request.Year);
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
        var year = RequestYear.Parse(request.Year);
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
        var year = RequestYear.Parse(request.Year);
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
        return await backfills.HandleAsync(request, caller, RequestLanguage.IsChinese(context), context.CancellationToken);
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
                    response.Result = await backfills.HandleAsync(message.Record ?? new BackfillRequest(), caller, chinese, ct);
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
                    response.StatusCode = (int)StoreStatus.ToStatusCode(e.Kind);
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

    private static ReviewState StateOf(UnitHead head, RecordSource source) =>
        source == RecordSource.Published ? ReviewState.Published : head.ReviewState;
}
