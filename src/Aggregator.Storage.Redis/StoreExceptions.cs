using Grpc.Core;

namespace Aggregator.Storage.Redis;

/// <summary>A store operation failed for a reason the caller should see as this gRPC status.</summary>
public class StoreException(StatusCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public StatusCode Code { get; } = code;
}

/// <summary>The store could not be reached (or did not answer in time): nothing was stored.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null)
    : StoreException(StatusCode.Unavailable, message, inner);
