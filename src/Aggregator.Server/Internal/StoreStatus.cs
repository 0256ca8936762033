using Aggregator.Storage;
using Grpc.Core;

namespace Aggregator.Server.Internal;

/// <summary>The gRPC status the server answers a <see cref="StoreException"/> with (the store names no gRPC status itself).</summary>
internal static class StoreStatus
{
    /// <summary>UNAVAILABLE, ABORTED, FAILED_PRECONDITION or INTERNAL by <see cref="StoreException.Kind"/>.</summary>
    public static StatusCode ToStatusCode(StoreErrorKind kind) => kind switch
    {
        StoreErrorKind.Unavailable => StatusCode.Unavailable,
        StoreErrorKind.Conflict => StatusCode.Aborted,
        StoreErrorKind.Precondition => StatusCode.FailedPrecondition,
        _ => StatusCode.Internal,
    };

    /// <summary>The status of <paramref name="e"/>: its mapped code and its message.</summary>
    public static Status Of(StoreException e) => new(ToStatusCode(e.Kind), e.Message);
}
