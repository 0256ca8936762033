using Aggregator.Domain.Registry;
using Grpc.Core;

namespace Aggregator.Server.Auth;

/// <summary>
/// Resolves and authorises the unit a query is about, from the authenticated caller. Implemented by
/// the server's authorisation (the same rules as for submissions).
/// </summary>
public interface IUnitAccess
{
    /// <summary>
    /// The unit when the caller may read it: PERMISSION_DENIED for a unit outside the caller's subtree and,
    /// in the same words, for an id not in the registry (NOT_FOUND only for an admin, so no token can map the
    /// registry); UNAUTHENTICATED without a valid token.
    /// </summary>
    /// <exception cref="RpcException">The caller may not read the unit.</exception>
    RegionUnit AuthorizeRead(ServerCallContext context, string unitId);
}
