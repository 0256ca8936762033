using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using Aggregator.Domain.Registry;
using Aggregator.Server.Auth;
using Aggregator.Server.Internal;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Contract = Aggregator.Contracts.V1;
using DomainAction = Aggregator.Domain.Audit.AuditAction;
using DomainEntry = Aggregator.Domain.Audit.AuditEntry;
using DomainOutcome = Aggregator.Domain.Audit.AuditOutcome;
using DomainProblem = Aggregator.Domain.Audit.AuditProblem;

namespace Aggregator.Server.Services;

/// <summary>
/// Reads and verifies the audit trail. A unit's entries live in the trail of its city and year (the
/// store partition): a city or province reads the entries about its subtree there, a district only
/// those about itself; the deployment-wide trail (<c>unit_id</c> "-") is for admin tokens.
/// </summary>
public sealed class AuditServiceImpl(IAuditStore audit, IReportStore store, AccessPolicy access, RegionTree registry) : AuditService.AuditServiceBase
{
    /// <summary>The unit id that names the deployment-wide trail (AIP-159's "every").</summary>
    public const string DeploymentTrail = "-";

    /// <summary>Most stored entries one ListAudit call looks at when it picks a district's entries out of its city's trail.</summary>
    private const int ScanLimit = 5000;

    public override async Task<ListAuditResponse> ListAudit(ListAuditRequest request, ServerCallContext context)
    {
        var (trail, subtree) = Resolve(access.CallerOf(context), request.UnitId, request.Year, Operation.Read);
        var scope = request.UnitId + "|" + request.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (from, size) = VersionPages.Parse("a1", scope, request.PageSize, request.PageToken, $"the audit trail of unit '{request.UnitId}' in {request.Year}");
        var response = new ListAuditResponse();
        var scanned = 0;
        while (true)
        {
            var want = subtree is null ? size - response.Entries.Count : Math.Min(1000, ScanLimit - scanned);
            var page = await audit.ReadAuditAsync(trail, from, want, context.CancellationToken);
            var stoppedAt = 0L;
            foreach (var (seq, link) in page.Entries)
            {
                if (response.Entries.Count >= size)
                {
                    stoppedAt = seq;
                    break;
                }

                scanned++;
                // A removed or changed entry is skipped here; VerifyAudit names it.
                if (link is not null && TryDecode(link) is { } entry
                    && (subtree is null || (registry.TryGet(entry.Unit, out var unit) && RegionTree.IsInSubtree(unit, subtree))))
                {
                    response.Entries.Add(ToProto(seq, link, entry));
                }
            }

            from = stoppedAt > 0 ? stoppedAt : page.Next;
            if (stoppedAt > 0 || from == 0 || response.Entries.Count >= size || scanned >= ScanLimit)
            {
                break;
            }
        }

        if (from > 0)
        {
            response.NextPageToken = VersionPages.Token("a1", scope, from);
        }

        return response;
    }

    public override async Task<VerifyAuditResponse> VerifyAudit(VerifyAuditRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        var (trail, _) = Resolve(caller, request.UnitId, request.Year, Operation.Read);
        if (trail.Partition is { } partition && request.UnitId != DeploymentTrail)
        {
            // The whole city-year trail is verified: the caller must be able to read the whole partition.
            access.Authorize(caller, partition.Partition.Value, Operation.Read);
        }

        var result = await audit.VerifyAuditAsync(trail, context.CancellationToken);
        return new VerifyAuditResponse
        {
            Intact = result.Intact,
            FirstSeq = result.FirstSeq,
            LastSeq = result.LastSeq,
            EntryCount = result.Count,
            Trimmed = result.Trimmed,
            Problem = result.Problem switch
            {
                DomainProblem.Changed => Contract.AuditProblem.Changed,
                DomainProblem.Removed => Contract.AuditProblem.Removed,
                DomainProblem.Reordered => Contract.AuditProblem.Reordered,
                _ => Contract.AuditProblem.None,
            },
            ProblemSeq = result.ProblemSeq,
            Detail = result.Detail,
            HeadHash = result.HeadHash,
        };
    }

    /// <summary>The trail a request names and the subtree whose entries the caller sees in it (null: every entry).</summary>
    private (AuditTrail Trail, RegionUnit? Subtree) Resolve(Caller caller, string unitId, int year, Operation operation)
    {
        if (unitId == DeploymentTrail)
        {
            if (!caller.IsAdmin)
            {
                throw new RpcException(new Status(StatusCode.PermissionDenied,
                    $"The deployment-wide audit trail (unit_id '-') is for admin tokens; a {caller.Role} token of unit '{caller.Unit.Id}' may not read it."));
            }

            return (AuditTrail.Deployment, null);
        }

        var unit = access.Authorize(caller, unitId, operation);
        if (!ReportYear.IsValid(year))
        {
            throw VersionPages.Invalid("year", $"year {year} is outside {ReportYear.Min}..{ReportYear.Max}.");
        }

        var partition = store.PartitionOf(unit.Id, new ReportYear(year));
        // The partition's own unit (a city) and anything above it see the whole trail.
        return (new AuditTrail(partition), partition.Partition == unit.Id ? null : unit);
    }

    private static DomainEntry? TryDecode(AuditLink link)
    {
        try
        {
            return DomainEntry.Decode(link.EncodedEntry);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static Contract.AuditEntry ToProto(long seq, AuditLink link, DomainEntry entry) => new()
    {
        Seq = seq,
        Time = Timestamp.FromDateTimeOffset(entry.At),
        Action = entry.Action switch
        {
            DomainAction.Submit => Contract.AuditAction.Submit,
            DomainAction.Backfill => Contract.AuditAction.Backfill,
            DomainAction.ReviewAccept => Contract.AuditAction.ReviewAccept,
            DomainAction.ReviewReturn => Contract.AuditAction.ReviewReturn,
            DomainAction.Export => Contract.AuditAction.Export,
            DomainAction.Denied => Contract.AuditAction.Denied,
            _ => Contract.AuditAction.Unspecified,
        },
        Outcome = entry.Outcome == DomainOutcome.Succeeded ? Contract.AuditOutcome.Succeeded : Contract.AuditOutcome.Refused,
        Subject = entry.Actor.Subject,
        ActorUnitId = entry.Actor.Unit,
        Role = entry.Actor.Role,
        Peer = entry.Actor.Peer,
        UnitId = entry.Unit,
        Year = entry.Year,
        Version = entry.Version,
        IdempotencyKey = entry.IdempotencyKey,
        StatusCode = entry.StatusCode,
        Detail = entry.Detail,
        Hash = link.Hash,
        PreviousHash = link.PreviousHash,
    };
}
