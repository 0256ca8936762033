using Aggregator.Domain.Registry;
using Grpc.Core;

namespace Aggregator.Server.Auth;

/// <summary>Read authorisation for the query services, by the same <see cref="AccessPolicy"/> as submissions.</summary>
public sealed class UnitAccess(AccessPolicy access) : IUnitAccess
{
    public RegionUnit AuthorizeRead(ServerCallContext context, string unitId)
    {
        return access.Authorize(access.CallerOf(context), unitId, Operation.Read);
    }
}
