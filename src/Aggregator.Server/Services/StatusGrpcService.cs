using Aggregator.Contracts.V1;
using Aggregator.Queries;
using Aggregator.Server.Auth;
using Aggregator.Server.Internal;
using Google.Protobuf;
using Grpc.Core;

namespace Aggregator.Server.Services;

/// <summary>Submission status and its live board.</summary>
public sealed class StatusGrpcService(StatusEngine status, RollupEngine rollups, LiveWatch watch, IUnitAccess access)
    : StatusService.StatusServiceBase
{
    public override async Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        return new GetStatusResponse { Summary = await status.GetStatusAsync(node, RequestYear.Parse(request.Year), context.CancellationToken) };
    }

    public override async Task WatchStatus(WatchStatusRequest request, IServerStreamWriter<WatchStatusResponse> responseStream, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        var year = RequestYear.Parse(request.Year);
        await watch.RunAsync(
            rollups.PartitionKeysOf(node, year),
            ct => status.GetStatusAsync(node, year, ct),
            s => s.ToByteString(),
            s => responseStream.WriteAsync(new WatchStatusResponse { Summary = s }, context.CancellationToken),
            context.CancellationToken);
    }
}
