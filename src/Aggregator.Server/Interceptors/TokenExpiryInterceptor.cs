using System.Globalization;
using Aggregator.Server.Telemetry;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aggregator.Server.Interceptors;

/// <summary>
/// Streams and watches end when the caller's token expires: the call's cancellation token fires at the
/// token's <c>exp</c>, and the call ends UNAUTHENTICATED "The token expired at …" (the client gets a
/// fresh token and reconnects). Unary calls are short and checked at their start by JwtBearer.
/// </summary>
public sealed class TokenExpiryInterceptor(TimeProvider time, AggregatorMetrics metrics) : Interceptor
{
    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (ExpiryOf(context) is not { } expires)
        {
            await continuation(request, responseStream, context);
            return;
        }

        using var expiry = new CancellationTokenSource(Until(expires), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, expiry.Token);
        try
        {
            await continuation(request, responseStream, new ExpiringCallContext(context, linked.Token));
        }
        catch (Exception) when (expiry.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Expired(expires);
        }

        if (expiry.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Expired(expires);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (ExpiryOf(context) is not { } expires)
        {
            await continuation(requestStream, responseStream, context);
            return;
        }

        using var expiry = new CancellationTokenSource(Until(expires), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, expiry.Token);
        try
        {
            await continuation(requestStream, responseStream, new ExpiringCallContext(context, linked.Token));
        }
        catch (Exception) when (expiry.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Expired(expires);
        }

        if (expiry.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Expired(expires);
        }
    }

    private TimeSpan Until(DateTimeOffset expires)
    {
        var left = expires - time.GetUtcNow();
        return left < TimeSpan.Zero ? TimeSpan.Zero : left;
    }

    private RpcException Expired(DateTimeOffset expires)
    {
        metrics.AuthDenied("expired_token");
        return new RpcException(new Status(StatusCode.Unauthenticated, string.Create(CultureInfo.InvariantCulture,
            $"The token expired at {expires:yyyy-MM-ddTHH:mm:ssZ} during the call; reconnect with a fresh token.")));
    }

    private static DateTimeOffset? ExpiryOf(ServerCallContext context)
    {
        var exp = context.GetHttpContext().User.FindFirst(JwtRegisteredClaimNames.Exp)?.Value;
        return long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    /// <summary>The call's context with a cancellation token that also fires at the token's expiry.</summary>
    private sealed class ExpiringCallContext : ServerCallContext
    {
        private readonly ServerCallContext _inner;
        private readonly CancellationToken _cancellationToken;

        public ExpiringCallContext(ServerCallContext inner, CancellationToken cancellationToken)
        {
            _inner = inner;
            _cancellationToken = cancellationToken;
            // GetHttpContext() on a wrapped context reads the HttpContext from the user state.
            inner.UserState["__HttpContext"] = inner.GetHttpContext();
        }

        protected override string MethodCore => _inner.Method;

        protected override string HostCore => _inner.Host;

        protected override string PeerCore => _inner.Peer;

        protected override DateTime DeadlineCore => _inner.Deadline;

        protected override Metadata RequestHeadersCore => _inner.RequestHeaders;

        protected override CancellationToken CancellationTokenCore => _cancellationToken;

        protected override Metadata ResponseTrailersCore => _inner.ResponseTrailers;

        protected override Status StatusCore
        {
            get => _inner.Status;
            set => _inner.Status = value;
        }

        protected override WriteOptions? WriteOptionsCore
        {
            get => _inner.WriteOptions;
            set => _inner.WriteOptions = value;
        }

        protected override AuthContext AuthContextCore => _inner.AuthContext;

        protected override IDictionary<object, object> UserStateCore => _inner.UserState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) =>
            _inner.CreatePropagationToken(options);

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => _inner.WriteResponseHeadersAsync(responseHeaders);
    }
}
