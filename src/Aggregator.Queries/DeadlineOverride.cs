using System.Globalization;
using Aggregator.Domain.Analysis;
using Aggregator.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>One deadline override: a date in Asia/Shanghai, due at the end of that day.</summary>
public sealed class DeadlineOverride
{
    public DeadlineLevel Level { get; init; }

    public int Year { get; init; }

    public string Date { get; init; } = "";
}
