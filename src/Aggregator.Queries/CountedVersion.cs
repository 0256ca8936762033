using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage;

namespace Aggregator.Queries;

/// <summary>Which stored version of a unit-year counts (decided from its head alone).</summary>
public readonly record struct CountedVersion(RecordSource Source, long Version, ReviewState ReviewState);
