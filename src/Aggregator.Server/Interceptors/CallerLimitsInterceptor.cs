using System.Collections.Concurrent;
using Aggregator.Security;
using Aggregator.Server.Services;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Options;

namespace Aggregator.Server.Interceptors;

/// <summary>Applies <see cref="CallerLimits"/> to every authenticated call before the service runs.</summary>
public sealed class CallerLimitsInterceptor(CallerLimits limits) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (UnitOf(context) is { } unit)
        {
            switch (context.Method)
            {
                case "/aggregator.v1.SubmissionService/Submit":
                    break; // per-unit submission limit in SubmissionHandler
                case "/aggregator.v1.SubmissionService/ReviewSubmission" or "/aggregator.v1.SubmissionService/Backfill":
                    limits.Change(unit);
                    break;
                default:
                    limits.Read(unit);
                    break;
            }
        }

        return continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = UnitOf(context) is { } unit ? limits.OpenStream(unit) : null;
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var slot = UnitOf(context) is { } unit ? limits.OpenStream(unit) : null;
        await continuation(requestStream, responseStream, context);
    }

    private static string? UnitOf(ServerCallContext context) =>
        context.GetHttpContext().User.FindFirst(AggregatorClaims.UnitId)?.Value;
}
