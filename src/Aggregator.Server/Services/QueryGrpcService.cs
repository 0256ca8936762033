using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Registry;
using Aggregator.Domain.Text;
using Aggregator.Queries;
using Aggregator.Server.Auth;
using Aggregator.Server.Internal;
using Aggregator.Storage;
using Google.Protobuf;
using Grpc.Core;

namespace Aggregator.Server.Services;

/// <summary>Rollups, comparisons, the year summary, live watch and exports: thin over the engines.</summary>
public sealed class QueryGrpcService(
    RollupEngine rollups,
    ComparisonEngine comparisons,
    ReportExports exports,
    LiveWatch watch,
    IUnitAccess access,
    IReportStore store) : QueryService.QueryServiceBase
{
    public override async Task<GetRollupResponse> GetRollup(GetRollupRequest request, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        var rollup = await rollups.GetRollupAsync(node, RequestYear.Parse(request.Year), request.Policy, request.UnitListing, context.CancellationToken);
        return new GetRollupResponse { Rollup = rollup };
    }

    public override async Task WatchRollup(WatchRollupRequest request, IServerStreamWriter<WatchRollupResponse> responseStream, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        var year = RequestYear.Parse(request.Year);
        var partitions = rollups.PartitionKeysOf(node, year);
        await watch.RunAsync(
            partitions,
            ct => rollups.GetRollupAsync(node, year, request.Policy, request.UnitListing, ct),
            r => Also(r.Clone(), c => c.Revision = 0).ToByteString(),
            r => responseStream.WriteAsync(new WatchRollupResponse { Rollup = r }, context.CancellationToken),
            context.CancellationToken);
    }

    public override async Task<CompareResponse> Compare(CompareRequest request, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        var year = RequestYear.Parse(request.Year);
        var metric = Metric.Resolve(request.Metric, year.DefaultFormat)
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, Messages.Server.UnknownMetric(request.Metric, Metric.Valid(year.DefaultFormat))
                .In(Languages.FromAcceptLanguage(context.RequestHeaders.GetValue("accept-language")) ?? Language.En)));
        return await comparisons.CompareAsync(node, year, metric, request.Policy, context.CancellationToken);
    }

    public override async Task<GetYearSummaryResponse> GetYearSummary(GetYearSummaryRequest request, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        return await comparisons.GetYearSummaryAsync(node, RequestYear.Parse(request.Year), request.Policy, context.CancellationToken);
    }

    public override async Task<ExportResponse> Export(ExportRequest request, ServerCallContext context)
    {
        var format = request.Format == ExportFormat.Unspecified
            ? throw new RpcException(new Status(StatusCode.InvalidArgument, "format is required (CSV, XLSX, MARKDOWN, JSON or DOCX)."))
            : request.Format;
        switch (request.TargetCase)
        {
            case ExportRequest.TargetOneofCase.Rollup:
            {
                var r = request.Rollup;
                var node = access.AuthorizeRead(context, r.UnitId);
                var rollup = await rollups.GetRollupAsync(node, RequestYear.Parse(r.Year), r.Policy, r.UnitListing, context.CancellationToken);
                return exports.Rollup(rollup, format, node.Name);
            }

            case ExportRequest.TargetOneofCase.Comparison:
            {
                var c = request.Comparison;
                if (format == ExportFormat.Docx)
                {
                    throw new RpcException(new Status(StatusCode.InvalidArgument, "A Word document (DOCX) exports a report or a rollup, not a comparison."));
                }

                var node = access.AuthorizeRead(context, c.UnitId);
                var comparison = await Compare(c, context);
                return exports.Comparison(comparison, format, node.Name);
            }

            case ExportRequest.TargetOneofCase.Report:
            {
                var g = request.Report;
                var unit = access.AuthorizeRead(context, g.UnitId);
                var record = await store.GetAsync(unit.Id, RequestYear.Parse(g.Year), g.HasVersion ? g.Version : null, g.Source, context.CancellationToken)
                    ?? throw new RpcException(new Status(StatusCode.NotFound, $"No report stored for unit '{g.UnitId}' and year {g.Year}."));
                return exports.Report(record.Version.Report, format, unit.Name);
            }

            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Say what to export: rollup, comparison or report."));
        }
    }

    private static T Also<T>(T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
