namespace Aggregator.Storage;

/// <summary>
/// Why a store call failed, in the store's terms; the server maps each kind to a gRPC status
/// (<c>StoreStatus</c> in Aggregator.Server).
/// </summary>
public enum StoreErrorKind
{
    /// <summary>The store failed in a way the caller cannot fix (answered INTERNAL).</summary>
    Internal,

    /// <summary>The unit-year's state forbids the call: nothing to review, already accepted (answered FAILED_PRECONDITION).</summary>
    Precondition,

    /// <summary>The unit-year changed under the call (stale version, or kept changing); retrying may succeed (answered ABORTED).</summary>
    Conflict,

    /// <summary>The store could not be reached or did not answer in time; nothing was stored (answered UNAVAILABLE).</summary>
    Unavailable,
}
