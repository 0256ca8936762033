using System.Collections.Immutable;
using Aggregator.Contracts.V1;
using Aggregator.Domain.UnitYears;

namespace Aggregator.Storage;

/// <summary>The history of a unit-year, oldest first.</summary>
public sealed record UnitHistory(UnitHead Head, ImmutableArray<VersionInfo> Versions, ImmutableArray<ReviewEvent> Reviews);
