namespace Aggregator.Storage;

/// <summary>
/// The store could not be reached (or did not answer in time, or answered with a transient server
/// error): nothing was stored. <see cref="Exception.Message"/> is what callers see — short and
/// stable, without key names or client diagnostics; the cause is <see cref="Exception.InnerException"/>,
/// for the log (the Redis store's outage log).
/// </summary>
public sealed class StoreUnavailableException : StoreException
{
    /// <summary>The message callers get for any store failure.</summary>
    public const string CallerMessage = "The report store is unavailable; retry.";

    /// <summary>A store failure: <see cref="CallerMessage"/>, caused by <paramref name="inner"/>.</summary>
    public StoreUnavailableException(Exception? inner = null)
        : base(StoreErrorKind.Unavailable, CallerMessage, inner)
    {
    }

    /// <summary>Another reason the store cannot take the call (e.g. the server is shutting down); <paramref name="message"/> must hold no internals.</summary>
    public StoreUnavailableException(string message, Exception? inner = null)
        : base(StoreErrorKind.Unavailable, message, inner)
    {
    }
}
