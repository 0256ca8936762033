using Aggregator.Contracts.V1;
using Aggregator.Domain;

namespace Aggregator.Storage;

/// <summary>One stored version of a unit-year: which record (submission or published) and its number.</summary>
public readonly record struct VersionRef(UnitId Unit, RecordSource Source, long Version);
