using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.UnitYears;
using Aggregator.Storage;

namespace Aggregator.Queries;

/// <summary>The figures of a unit-year that count under a version policy.</summary>
public sealed record EffectiveRecord(AnnualReport Report, RecordSource Source, long Version, ReviewState ReviewState, int WarningCount);
