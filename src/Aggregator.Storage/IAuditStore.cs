using Aggregator.Domain.Audit;
using AuditEntry = Aggregator.Domain.Audit.AuditEntry;

namespace Aggregator.Storage;

/// <summary>The audit trails of the store: one per partition (city-year) and one for the deployment.</summary>
public interface IAuditStore
{
    /// <summary>Whether entries are written (<c>Aggregator:Audit:Enabled</c>).</summary>
    bool AuditEnabled { get; }

    /// <summary>The trail of a unit-year (its partition's), or the deployment trail when the unit is not in the registry or the year is not valid.</summary>
    AuditTrail AuditTrailOf(string unitId, int year);

    /// <summary>Appends entries with no store write of their own (exports, denials), in one script call.</summary>
    /// <exception cref="StoreUnavailableException">The store is unreachable.</exception>
    Task AppendAuditAsync(AuditTrail trail, IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="count"/> entries from sequence number <paramref name="from"/> down (0 = from the newest), in one round trip.</summary>
    Task<AuditPage> ReadAuditAsync(AuditTrail trail, long from, int count, CancellationToken cancellationToken = default);

    /// <summary>Reads the whole retained trail (in chunks) and verifies its hash chain (<see cref="AuditChain.Verify"/>).</summary>
    Task<AuditVerification> VerifyAuditAsync(AuditTrail trail, CancellationToken cancellationToken = default);
}
