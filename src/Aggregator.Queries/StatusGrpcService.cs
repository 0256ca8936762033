using Aggregator.Contracts.V1;
using Aggregator.Domain.Registry;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>Submission status and its live board.</summary>
public sealed class StatusGrpcService(StatusEngine status, RollupEngine rollups, ChangeNotifier notifier, IUnitAccess access, IOptions<WatchOptions> watchOptions)
    : StatusService.StatusServiceBase
{
    public override async Task<GetStatusResponse> GetStatus(GetStatusRequest request, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        return new GetStatusResponse { Summary = await status.GetStatusAsync(node, QueryErrors.Year(request.Year), context.CancellationToken) };
    }

    public override async Task WatchStatus(WatchStatusRequest request, IServerStreamWriter<WatchStatusResponse> responseStream, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        var year = QueryErrors.Year(request.Year);
        await QueryGrpcService.WatchAsync(
            notifier,
            watchOptions.Value,
            rollups.PartitionKeysOf(node, year),
            ct => status.GetStatusAsync(node, year, ct),
            s => s.ToByteString(),
            s => responseStream.WriteAsync(new WatchStatusResponse { Summary = s }, context.CancellationToken),
            context.CancellationToken);
    }
}
