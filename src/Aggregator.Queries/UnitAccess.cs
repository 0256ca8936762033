using Aggregator.Domain.Registry;
using Grpc.Core;

namespace Aggregator.Queries;

/// <summary>
/// Resolves and authorises the unit a query is about, from the authenticated caller. Implemented by
/// the server's authorisation (the same rules as for submissions).
/// </summary>
public interface IUnitAccess
{
    /// <summary>
    /// The unit when the caller may read it: NOT_FOUND naming an unknown id, PERMISSION_DENIED for a
    /// unit outside the caller's subtree, UNAUTHENTICATED without a valid token.
    /// </summary>
    /// <exception cref="RpcException">The caller may not read the unit.</exception>
    RegionUnit AuthorizeRead(ServerCallContext context, string unitId);
}
