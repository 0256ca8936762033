using Aggregator.Server.Internal;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace Aggregator.Server.Interceptors;

/// <summary>
/// Maps store failures to exact statuses (UNAVAILABLE with a short stable message when the store is
/// down, the store's code otherwise), cancellation to CANCELLED/DEADLINE_EXCEEDED, and anything else to INTERNAL (logged).
/// </summary>
public sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context);
        }
    }

    private RpcException Map(Exception e, ServerCallContext context)
    {
        switch (e)
        {
            case StoreUnavailableException:
                // Logged by the store's outage log (once per outage, with a count), not per call; the
                // message is the stable one, without key names or client diagnostics.
                return new RpcException(new Status(StatusCode.Unavailable, e.Message));
            case StoreException se:
                return new RpcException(StoreStatus.Of(se));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                return context.Deadline <= DateTime.UtcNow
                    ? new RpcException(new Status(StatusCode.DeadlineExceeded, "The deadline passed."))
                    : new RpcException(new Status(StatusCode.Cancelled, "The call was cancelled."));
            default:
                Log.UnhandledError(logger, context.Method, e);
                return new RpcException(new Status(StatusCode.Internal, "Internal error."));
        }
    }
}
