using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Registry;
using Aggregator.Server.Auth;
using Grpc.Core;
using UnitLevel = Aggregator.Domain.Registry.UnitLevel;

namespace Aggregator.Server.Services;

/// <summary>The region registry: a unit and its children, of every year or of one (区划调整).</summary>
public sealed class RegistryServiceImpl(AccessPolicy access) : RegistryService.RegistryServiceBase
{
    public override Task<GetUnitResponse> GetUnit(GetUnitRequest request, ServerCallContext context)
    {
        var caller = access.CallerOf(context);
        var unit = string.IsNullOrEmpty(request.UnitId) ? caller.Unit : access.Authorize(caller, request.UnitId, Operation.Read);
        if (request.Year != 0)
        {
            if (!ReportYear.IsValid(request.Year))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"year {request.Year} is outside {ReportYear.Min}..{ReportYear.Max}."));
            }

            unit = unit.Tree.ForYear(request.Year).TryGet(unit.Id, out var then)
                ? then
                : throw new RpcException(new Status(StatusCode.NotFound, $"Unit '{unit.Id}' was not a reporting unit in {request.Year}."));
        }

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
        ValidFrom = unit.ValidFrom ?? 0,
        ValidTo = unit.ValidTo ?? 0,
        Predecessors =
        {
            unit.Predecessors.Select(p => new UnitPredecessor
            {
                Id = p.From,
                Year = p.Year,
                Change = p.Kind switch
                {
                    RegionChangeKind.Renamed => RegionChange.Renamed,
                    RegionChangeKind.Merged => RegionChange.Merged,
                    _ => RegionChange.Split,
                },
            }),
        },
    };
}
