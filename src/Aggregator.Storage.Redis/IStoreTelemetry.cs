using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Aggregator.Storage.Redis;

/// <summary>Records store round trips and group-commit batches (implemented by the server's metrics).</summary>
public interface IStoreTelemetry
{
    void RecordRoundTrip(string operation, TimeSpan duration);

    /// <summary>One group-commit batch taken from the queue: how many submissions and the bytes of their reports.</summary>
    void RecordBatch(int submissions, long bytes)
    {
    }
}
