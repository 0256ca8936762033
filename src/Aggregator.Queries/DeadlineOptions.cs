using System.Globalization;
using Aggregator.Domain.Analysis;
using Aggregator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>Deadline overrides (configuration section <c>Aggregator:Deadlines</c>).</summary>
public sealed class DeadlineOptions
{
    /// <summary>
    /// Overrides of the article 49 defaults (departments 31 January, governments 31 March of the
    /// following year), e.g. <c>{ "Level": "Government", "Year": 2025, "Date": "2026-04-15" }</c>.
    /// </summary>
    public List<DeadlineOverride> Overrides { get; init; } = [];
}
