using System.Globalization;
using Aggregator.Server.Auth;
using Aggregator.Server.Telemetry;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aggregator.Server.Interceptors;

/// <summary>
/// Streams and watches end when the caller's token stops being valid: at its <c>exp</c> ("The token expired
/// at …"), or when the key ring is read again and now retires the token's key or revokes its unit for
/// tokens issued before a time after its <c>iat</c> (<c>aggregator keys retire|revoke</c>). The call's
/// cancellation token fires and the call ends UNAUTHENTICATED with the reason (the client gets a fresh
/// token and reconnects). Unary calls are short and checked at their start by JwtBearer.
/// </summary>
public sealed class TokenExpiryInterceptor(TimeProvider time, AggregatorMetrics metrics, SigningKeyProvider keys) : Interceptor
{
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, c => continuation(request, responseStream, c));

    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        GuardAsync(context, c => continuation(requestStream, responseStream, c));

    private async Task GuardAsync(ServerCallContext context, Func<ServerCallContext, Task> call)
    {
        if (ExpiryOf(context) is not { } expires)
        {
            await call(context);
            return;
        }

        using var watch = new TokenWatch(context, Until(expires), time, keys);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, watch.Ended);
        try
        {
            await call(new ExpiringCallContext(context, linked.Token));
        }
        catch (Exception) when (watch.Ended.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Ended(watch, expires);
        }

        if (watch.Ended.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw Ended(watch, expires);
        }
    }

    private RpcException Ended(TokenWatch watch, DateTimeOffset expires)
    {
        if (watch.Refusal is { } refusal)
        {
            metrics.AuthDenied(refusal.Reason);
            return new RpcException(new Status(StatusCode.Unauthenticated, refusal.Message));
        }

        return Expired(expires);
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

    /// <summary>
    /// Fires <see cref="Ended"/> at the token's expiry, or when a re-read key ring refuses the call's token
    /// (<see cref="TokenPolicy.RefusalAfterRingChange"/>); watches every ring change until then.
    /// </summary>
    private sealed class TokenWatch : IDisposable
    {
        private readonly CancellationTokenSource _ended;
        private readonly SigningKeyProvider _keys;
        private readonly string? _kid;
        private readonly bool _builtin;
        private readonly string? _unitId;
        private readonly DateTimeOffset? _issuedAt;
        private readonly Lock _lock = new();
        private CancellationTokenRegistration _registration;
        private bool _disposed;

        public TokenWatch(ServerCallContext context, TimeSpan until, TimeProvider time, SigningKeyProvider keys)
        {
            _ended = new CancellationTokenSource(until, time);
            _keys = keys;
            var http = context.GetHttpContext();
            var user = http.User;
            _builtin = user.Identity?.AuthenticationType != AuthenticationSetup.Oidc;
            _unitId = user.FindFirst(Aggregator.Security.AggregatorClaims.UnitId)?.Value;
            _issuedAt = long.TryParse(user.FindFirst(JwtRegisteredClaimNames.Iat)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var iat)
                ? DateTimeOffset.FromUnixTimeSeconds(iat)
                : null;
            _kid = KidOf(http.Request.Headers.Authorization);
            Watch();
        }

        public CancellationToken Ended => _ended.Token;

        public (string Reason, string Message)? Refusal { get; private set; }

        public void Dispose()
        {
            CancellationTokenRegistration registration;
            lock (_lock)
            {
                _disposed = true;
                registration = _registration;
            }

            // Outside the lock: this waits for a running OnChanged, which takes the lock.
            registration.Dispose();
            _ended.Dispose();
        }

        private void Watch()
        {
            lock (_lock)
            {
                if (!_disposed)
                {
                    // Registering on an already cancelled token runs OnChanged at once (a change since the last look).
                    _registration = _keys.Changed.UnsafeRegister(static state => ((TokenWatch)state!).OnChanged(), this);
                }
            }
        }

        private void OnChanged()
        {
            if (_issuedAt is { } issuedAt
                && TokenPolicy.RefusalAfterRingChange(_keys.Ring, _kid, _builtin, _unitId, issuedAt) is { } refusal)
            {
                lock (_lock)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    Refusal = refusal;
                }

                try
                {
                    _ended.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The call ended meanwhile.
                }

                return;
            }

            ThreadPool.UnsafeQueueUserWorkItem(static watch => watch.Watch(), this, preferLocal: false);
        }

        private static string? KidOf(string? authorization)
        {
            const string Scheme = "Bearer ";
            if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            try
            {
                return new JsonWebToken(authorization[Scheme.Length..].Trim()).Kid;
            }
            catch (ArgumentException)
            {
                return null;
            }
        }
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
