using Aggregator.Contracts.V1;
using Aggregator.Domain.Registry;
using Aggregator.Server.Auth;
using Grpc.Core;
using UnitLevel = Aggregator.Domain.Registry.UnitLevel;

namespace Aggregator.Server.Services;

/// <summary>The region registry: a unit and its children.</summary>
public sealed class RegistryServiceImpl(AccessPolicy access) : RegistryService.RegistryServiceBase
{
    public override Task<GetUnitResponse> GetUnit(GetUnitRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        var unit = string.IsNullOrEmpty(request.UnitId) ? caller.Unit : access.Authorize(caller, request.UnitId, Operation.Read);
        var response = new GetUnitResponse { Unit = ToProto(unit) };
        response.Children.AddRange(unit.Children.Select(ToProto));
        return Task.FromResult(response);
    }

    public static Unit ToProto(RegionUnit unit) => new()
    {
        Id = unit.Id.Value,
        Name = unit.Name,
        Level = unit.Level switch
        {
            UnitLevel.Province => Contracts.V1.UnitLevel.Province,
            UnitLevel.City => Contracts.V1.UnitLevel.City,
            UnitLevel.District => Contracts.V1.UnitLevel.District,
            _ => Contracts.V1.UnitLevel.Department,
        },
        ParentId = unit.Parent?.Id.Value ?? "",
        DivisionCode = unit.DivisionCode ?? "",
        Contact = unit.Contact ?? "",
    };
}
