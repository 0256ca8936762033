using System.Security.Claims;
using Aggregator.Domain;
using Aggregator.Domain.Registry;
using Aggregator.Security;
using Aggregator.Server.Telemetry;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Aggregator.Server.Auth;

/// <summary>The authenticated caller: unit and role from the token, never from a request field.</summary>
public sealed record Caller(RegionUnit Unit, string Role, string Subject)
{
    public bool IsAdmin => Role == Roles.Admin;

    public bool IsReviewer => Role is Roles.City or Roles.Province;
}

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

        var unitId = user.FindFirstValue(AggregatorClaims.UnitId);
        var role = user.FindFirstValue(AggregatorClaims.Role);
        var subject = user.FindFirstValue(AggregatorClaims.Subject) ?? unitId ?? "";
        if (!Roles.IsKnown(role))
        {
            metrics.AuthDenied("role");
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The token's role '{role}' is not known."));
        }

        if (unitId is null || !registry.TryGet(unitId, out var unit))
        {
            metrics.AuthDenied("unknown_unit");
            throw new RpcException(new Status(StatusCode.PermissionDenied, $"The token's unit '{unitId}' is not in the registry."));
        }

        return new Caller(unit, role!, subject);
    }

    /// <summary>The registry unit for a request's unit id, or NOT_FOUND naming it.</summary>
    public RegionUnit Resolve(string unitId)
    {
        if (!registry.TryGet(unitId, out var unit))
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"Unit '{unitId}' is not in the region registry."));
        }

        return unit;
    }

    /// <summary>Submissions: only the caller's own unit (admin: any).</summary>
    public string? WriteDenial(Caller caller, RegionUnit target) =>
        caller.IsAdmin || caller.Unit == target ? null : "other_unit";

    /// <summary>Reads: a district its own unit; city/province their subtree; admin everything.</summary>
    public string? ReadDenial(Caller caller, RegionUnit target)
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
    public string? ReviewDenial(Caller caller, RegionUnit target)
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
    public string? BackfillDenial(Caller caller, RegionUnit target)
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

    /// <summary>Throws PERMISSION_DENIED (logged and counted) when <paramref name="denial"/> is set.</summary>
    public void Demand(string? denial, Caller caller, RegionUnit target, string operation)
    {
        if (denial is null)
        {
            return;
        }

        throw Denied(denial, caller, target, operation);
    }

    public RpcException Denied(string reason, Caller caller, RegionUnit target, string operation)
    {
        metrics.AuthDenied(reason);
        Log.AccessDenied(logger, reason, caller.Subject, caller.Unit.Id.Value, caller.Role, target.Id.Value, operation);
        return new RpcException(new Status(StatusCode.PermissionDenied,
            $"A {caller.Role} token of unit '{caller.Unit.Id}' may not {operation} unit '{target.Id}'."));
    }
}
