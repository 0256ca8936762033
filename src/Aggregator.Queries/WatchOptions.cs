using System.Globalization;
using Aggregator.Domain.Analysis;
using Aggregator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>Live watch streams (configuration section <c>Aggregator:Watch</c>).</summary>
public sealed class WatchOptions
{
    /// <summary>
    /// A watcher recomputes once writes to its partitions pause this long (default 200 ms), so a
    /// burst of writes costs one recomputation and its final figures show promptly.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Under continuous writes a watcher still recomputes at least this often (default 1 s): at the
    /// deadline a city's partition changes hundreds of times a second, and a live board needs no more.
    /// </summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a watcher re-checks without a write event (missed pub/sub messages, reconnects; default 5 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
