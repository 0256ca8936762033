using System.Security.Claims;
using Aggregator.Domain;
using Aggregator.Domain.Audit;
using Aggregator.Domain.Registry;
using Aggregator.Domain.Text;
using Aggregator.Security;
using Aggregator.Server.Internal;
using Aggregator.Server.Telemetry;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Aggregator.Server.Auth;

/// <summary>Who may do what on which unit.</summary>
public sealed class AccessPolicy(RegionTree registry, AggregatorMetrics metrics, ILogger<AccessPolicy> logger)
{
    /// <summary>The caller of a call (the token was validated by JwtBearer).</summary>
    public Caller CallerOf(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.Identity?.IsAuthenticated != true)
        {
            metrics.AuthDenied("missing_token");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "A valid bearer token is required."));
        }

        var language = RequestLanguage.Of(context);
        var unitId = user.FindFirstValue(AggregatorClaims.UnitId);
        var role = user.FindFirstValue(AggregatorClaims.Role);
        var subject = user.FindFirstValue(AggregatorClaims.Subject) ?? unitId ?? "";
        if (!Roles.IsKnown(role))
        {
            metrics.AuthDenied("role");
            throw new RpcException(new Status(StatusCode.PermissionDenied, Messages.Server.UnknownRole(role ?? "").In(language ?? Language.En)));
        }

        if (unitId is null || !registry.TryGet(unitId, out var unit))
        {
            metrics.AuthDenied("unknown_unit");
            throw new RpcException(new Status(StatusCode.PermissionDenied, Messages.Server.UnknownTokenUnit(unitId ?? "").In(language ?? Language.En)));
        }

        return new Caller(unit, role!, subject) { Peer = Audit.AuditActors.PeerOf(context.GetHttpContext()), Language = language };
    }

    /// <summary>
    /// The registry unit a request names, when <paramref name="caller"/> may do <paramref name="operation"/>
    /// on it. Authorises before it reveals anything: for a non-admin caller an unknown id and a known unit
    /// outside its reach get the same PERMISSION_DENIED (same message shape, naming the id as requested), so a
    /// token cannot map the registry. Only an admin learns NOT_FOUND.
    /// </summary>
    /// <exception cref="RpcException">PERMISSION_DENIED, or NOT_FOUND for an admin.</exception>
    public RegionUnit Authorize(Caller caller, string unitId, Operation operation)
    {
        if (!registry.TryGet(unitId, out var unit))
        {
            if (caller.IsAdmin)
            {
                throw new RpcException(new Status(StatusCode.NotFound, $"Unit '{unitId}' is not in the region registry."));
            }

            throw Denied("unknown_target", caller, unitId, operation);
        }

        var denial = operation switch
        {
            Operation.Write => WriteDenial(caller, unit),
            Operation.Read => ReadDenial(caller, unit),
            Operation.Review => ReviewDenial(caller, unit),
            Operation.Backfill => BackfillDenial(caller, unit),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
        if (denial is not null)
        {
            throw Denied(denial, caller, unitId, operation);
        }

        return unit;
    }

    /// <summary>Submissions: only the caller's own unit (admin: any).</summary>
    private static string? WriteDenial(Caller caller, RegionUnit target) =>
        caller.IsAdmin || caller.Unit == target ? null : "other_unit";

    /// <summary>Reads: a district its own unit; city/province their subtree; admin everything.</summary>
    private static string? ReadDenial(Caller caller, RegionUnit target)
    {
        if (caller.IsAdmin || caller.Unit == target)
        {
            return null;
        }

        if (caller.IsReviewer)
        {
            return RegionTree.IsInSubtree(target, caller.Unit) ? null : "outside_subtree";
        }

        return "other_unit";
    }

    /// <summary>Reviews: city/province for units strictly below them; admin anything.</summary>
    private static string? ReviewDenial(Caller caller, RegionUnit target)
    {
        if (caller.IsAdmin)
        {
            return null;
        }

        if (!caller.IsReviewer)
        {
            return "role";
        }

        return target != caller.Unit && RegionTree.IsInSubtree(target, caller.Unit) ? null : "outside_subtree";
    }

    /// <summary>Backfill: city/province for their subtree; admin anything.</summary>
    private static string? BackfillDenial(Caller caller, RegionUnit target)
    {
        if (caller.IsAdmin)
        {
            return null;
        }

        if (!caller.IsReviewer)
        {
            return "role";
        }

        return RegionTree.IsInSubtree(target, caller.Unit) ? null : "outside_subtree";
    }

    private RpcException Denied(string reason, Caller caller, string requestedUnit, Operation operation)
    {
        var action = operation switch
        {
            Operation.Write => Messages.Server.ActionSubmit,
            Operation.Review => Messages.Server.ActionReview,
            Operation.Backfill => Messages.Server.ActionBackfill,
            _ => Messages.Server.ActionRead,
        };
        var verb = action.En;
        metrics.AuthDenied(reason);
        Log.AccessDenied(logger, reason, caller.Subject, caller.Unit.Id.Value, caller.Role, requestedUnit, verb);
        return new RpcException(new Status(StatusCode.PermissionDenied,
            caller.Text(Messages.Server.AccessDenied(caller.Role, caller.Unit.Id.Value, action, requestedUnit))));
    }
}
