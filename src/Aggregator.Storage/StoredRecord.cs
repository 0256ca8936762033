using Aggregator.Domain.UnitYears;
using Aggregator.Storage.Records;

namespace Aggregator.Storage;

/// <summary>One stored version with the unit-year's head.</summary>
public sealed record StoredRecord(UnitHead Head, StoredVersion Version);
