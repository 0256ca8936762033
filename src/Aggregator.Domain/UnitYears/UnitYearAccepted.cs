using System.Collections.Immutable;
using Aggregator.Domain.Rules;

namespace Aggregator.Domain.UnitYears;

/// <summary>Accepted: the version to store, the head that shows it and, for a submission, the merged report and its findings.</summary>
/// <param name="Version">The new version (submission, published record) or the version reviewed.</param>
/// <param name="NewHead">The unit-year's head once the version is stored.</param>
/// <param name="Merged">The stored report merged with the update (submissions; null for reviews and backfills).</param>
/// <param name="Warnings">Rule warnings, stored with the version.</param>
/// <param name="NotAssessable">Checks that could not run, stored with the version.</param>
public sealed record UnitYearAccepted(long Version, UnitHead NewHead, AnnualReport? Merged, ImmutableArray<Finding> Warnings, ImmutableArray<Finding> NotAssessable)
    : UnitYearOutcome;
