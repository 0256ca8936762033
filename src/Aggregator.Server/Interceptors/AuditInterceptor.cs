using Aggregator.Domain.Audit;
using Aggregator.Server.Audit;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Aggregator.Server.Interceptors;

/// <summary>
/// Records in the audit trail every call refused for its token or permissions (UNAUTHENTICATED,
/// PERMISSION_DENIED) and every export, with the unit and year the request names (its <c>unit_id</c>
/// and <c>year</c>, or those of the message it carries, e.g. an export's target). Submissions are
/// recorded by <see cref="Services.SubmissionHandler"/> and the store (per message, streams too), so
/// <c>Submit</c> is left out here.
/// </summary>
public sealed class AuditInterceptor(AuditRecorder recorder) : Interceptor
{
    private const string SubmitMethod = "/aggregator.v1.SubmissionService/Submit";

    private const string ExportMethod = "/aggregator.v1.QueryService/Export";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        TResponse response;
        try
        {
            response = await continuation(request, context);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated && context.Method != SubmitMethod)
        {
            RecordDenial(request, context, e);
            throw;
        }

        if (context.Method == ExportMethod && request is Contracts.V1.ExportRequest export)
        {
            var (unit, year) = TargetOf(export);
            recorder.Record(unit, year, new AuditEntry(recorder.Now, AuditAction.Export, AuditOutcome.Succeeded, AuditActors.Of(context.GetHttpContext()),
                unit, year, detail: export.TargetCase.ToString().ToLowerInvariant() + " " + export.Format.ToString().ToLowerInvariant()));
        }

        return response;
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
        {
            RecordDenial(request, context, e);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
        {
            // The whole stream refused (e.g. the token's unit is unknown): no message names a unit.
            RecordDenial<object?>(null, context, e);
            throw;
        }
    }

    private void RecordDenial<TRequest>(TRequest request, ServerCallContext context, RpcException e)
    {
        var (unit, year) = request is IMessage message ? TargetOf(message) : ("", 0);
        var actor = AuditActors.Of(context.GetHttpContext());
        var entry = new AuditEntry(recorder.Now, AuditAction.Denied, AuditOutcome.Refused, actor, unit, year,
            statusCode: (int)e.StatusCode, detail: context.Method + ": " + e.Status.Detail);
        recorder.Record(unit, year, entry);
    }

    /// <summary>The unit and year a request names: its own <c>unit_id</c>/<c>year</c>, else those of the first set message field that has them.</summary>
    internal static (string Unit, int Year) TargetOf(IMessage message)
    {
        if (Read(message) is { } own)
        {
            return own;
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType == FieldType.Message && !field.IsRepeated && !field.IsMap
                && field.Accessor.GetValue(message) is IMessage inner && Read(inner) is { } nested)
            {
                return nested;
            }
        }

        return ("", 0);
    }

    private static (string, int)? Read(IMessage message)
    {
        var unit = message.Descriptor.FindFieldByName("unit_id");
        if (unit?.FieldType != FieldType.String)
        {
            return null;
        }

        var year = message.Descriptor.FindFieldByName("year");
        return ((string)unit.Accessor.GetValue(message), year?.FieldType == FieldType.Int32 ? (int)year.Accessor.GetValue(message) : 0);
    }
}
