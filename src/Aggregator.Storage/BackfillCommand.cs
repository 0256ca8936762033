using System.Collections.Immutable;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;

namespace Aggregator.Storage;

/// <summary>A published record to store (backfill): every finding is stored, errors included.</summary>
/// <param name="Actor">Who and from where, for the audit entry (null: the subject <paramref name="StoredBy"/> only).</param>
public sealed record BackfillCommand(AnnualReport Report, ImmutableArray<Aggregator.Domain.Rules.Finding> Findings, ImmutableArray<Aggregator.Domain.Rules.Finding> NotAssessable, PublishedSource Source, string StoredBy, AuditActor? Actor = null);
