namespace Aggregator.Storage;

/// <summary>A store operation failed for a reason the caller should see (<see cref="Kind"/>; the server maps it to a gRPC status).</summary>
public class StoreException(StoreErrorKind kind, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Why the call failed.</summary>
    public StoreErrorKind Kind { get; } = kind;
}
