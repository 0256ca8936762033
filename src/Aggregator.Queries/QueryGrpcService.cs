using System.Diagnostics;
using System.Threading.Channels;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Registry;
using Aggregator.Domain.Text;
using Aggregator.Storage.Redis;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Aggregator.Queries;

/// <summary>Rollups, comparisons, the year summary, live watch and exports: thin over the engines.</summary>
public sealed class QueryGrpcService(
    RollupEngine rollups,
    ComparisonEngine comparisons,
    ReportExports exports,
    ChangeNotifier notifier,
    IUnitAccess access,
    IReportStore store,
    IOptions<WatchOptions> watchOptions) : QueryService.QueryServiceBase
{
    public override async Task<GetRollupResponse> GetRollup(GetRollupRequest request, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        var rollup = await rollups.GetRollupAsync(node, QueryErrors.Year(request.Year), request.Policy, request.UnitListing, context.CancellationToken);
        return new GetRollupResponse { Rollup = rollup };
    }

    public override async Task WatchRollup(WatchRollupRequest request, IServerStreamWriter<WatchRollupResponse> responseStream, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        var year = QueryErrors.Year(request.Year);
        var partitions = rollups.PartitionKeysOf(node, year);
        await WatchAsync(
            partitions,
            ct => rollups.GetRollupAsync(node, year, request.Policy, request.UnitListing, ct),
            r => r.Clone().Also(c => c.Revision = 0).ToByteString(),
            r => responseStream.WriteAsync(new WatchRollupResponse { Rollup = r }, context.CancellationToken),
            context.CancellationToken);
    }

    public override async Task<CompareResponse> Compare(CompareRequest request, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        var year = QueryErrors.Year(request.Year);
        var metric = Metric.Resolve(request.Metric, year.DefaultFormat)
            ?? throw new RpcException(new Status(StatusCode.InvalidArgument, Messages.Server.UnknownMetric(request.Metric, Metric.Valid(year.DefaultFormat))
                .In(Languages.FromAcceptLanguage(context.RequestHeaders.GetValue("accept-language")) ?? Language.En)));
        return await comparisons.CompareAsync(node, year, metric, request.Policy, context.CancellationToken);
    }

    public override async Task<GetYearSummaryResponse> GetYearSummary(GetYearSummaryRequest request, ServerCallContext context)
    {
        var node = access.AuthorizeRead(context, request.UnitId);
        return await comparisons.GetYearSummaryAsync(node, QueryErrors.Year(request.Year), request.Policy, context.CancellationToken);
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
                var rollup = await rollups.GetRollupAsync(node, QueryErrors.Year(r.Year), r.Policy, r.UnitListing, context.CancellationToken);
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
                var record = await store.GetAsync(unit.Id, QueryErrors.Year(g.Year), g.HasVersion ? g.Version : null, g.Source, context.CancellationToken)
                    ?? throw new RpcException(new Status(StatusCode.NotFound, $"No report stored for unit '{g.UnitId}' and year {g.Year}."));
                return exports.Report(record.Version.Report, format, unit.Name);
            }

            default:
                throw new RpcException(new Status(StatusCode.InvalidArgument, "Say what to export: rollup, comparison or report."));
        }
    }

    /// <summary>
    /// Sends the current value, then a new one after every relevant write (or poll), skipping values
    /// equal to the last sent. Events that arrive while a slow reader is being written to are
    /// coalesced into one recomputation: latest wins, nothing queues up.
    /// </summary>
    internal static async Task WatchAsync<T>(
        ChangeNotifier notifier,
        WatchOptions options,
        IReadOnlyList<PartitionKey> partitions,
        Func<CancellationToken, Task<T>> compute,
        Func<T, ByteString> fingerprint,
        Func<T, Task> send,
        CancellationToken cancellationToken)
    {
        var signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        using var registration = notifier.Watch(partitions, () => signal.Writer.TryWrite(true));
        ByteString? last = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var computedAt = Stopwatch.GetTimestamp();
            var value = await compute(cancellationToken);
            var print = fingerprint(value);
            if (last is null || !print.Equals(last))
            {
                await send(value);
                last = print;
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(options.PollInterval);
            try
            {
                await signal.Reader.ReadAsync(wait.Token);
                await SettleAsync(signal.Reader, computedAt, options, cancellationToken);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Poll interval elapsed: re-check.
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// After a write: recompute at once when the last computation is older than
    /// <see cref="WatchOptions.MaxDelay"/>; otherwise when writes pause for
    /// <see cref="WatchOptions.QuietPeriod"/>, and no later than <see cref="WatchOptions.MaxDelay"/>
    /// after the last computation. Writes meanwhile are coalesced (latest wins).
    /// </summary>
    private static async Task SettleAsync(ChannelReader<bool> signals, long computedAt, WatchOptions options, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = options.MaxDelay - Stopwatch.GetElapsedTime(computedAt);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(remaining < options.QuietPeriod ? remaining : options.QuietPeriod);
            try
            {
                await signals.ReadAsync(quiet.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private Task WatchAsync<T>(IReadOnlyList<PartitionKey> partitions, Func<CancellationToken, Task<T>> compute, Func<T, ByteString> fingerprint, Func<T, Task> send, CancellationToken cancellationToken) =>
        WatchAsync(notifier, watchOptions.Value, partitions, compute, fingerprint, send, cancellationToken);
}

/// <summary>Small helpers shared by the query services.</summary>
internal static class QueryErrors
{
    public static ReportYear Year(int year) => ReportYear.IsValid(year)
        ? new ReportYear(year)
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"year {year} is outside {ReportYear.Min}..{ReportYear.Max}."));

    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
