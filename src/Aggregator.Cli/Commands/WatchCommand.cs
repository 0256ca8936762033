using System.CommandLine;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Aggregator.Cli.Commands;

/// <summary><c>watch rollup|status</c>: a live view fed by WatchRollup / WatchStatus until Ctrl+C.</summary>
internal static class WatchCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("watch", ctx.T("实时查看汇总或报送情况,数据变化即刷新,按 Ctrl+C 退出。", "Live view of a rollup or the reporting status, refreshed on every change, until Ctrl+C."));

        var rollup = new Command("rollup", ctx.T("实时汇总(WatchRollup)", "Live rollup (WatchRollup)"));
        var rollupUnit = Options.Unit(ctx, required: true, "节点单位 id,如 4208", "Node unit id, e.g. 4208");
        var rollupYear = Options.Year(ctx, required: true);
        var policy = Options.Policy(ctx);
        rollup.Add(rollupUnit);
        rollup.Add(rollupYear);
        rollup.Add(policy);
        rollup.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new QueryService.QueryServiceClient(connection.Channel);
            var request = new WatchRollupRequest { UnitId = r.GetValue(rollupUnit)!, Year = r.GetValue(rollupYear)!.Value, Policy = Options.ToPolicy(r.GetValue(policy)) };
            using var call = client.WatchRollup(request, connection.Headers, cancellationToken: ct);
            return await LiveAsync(ctx, call.ResponseStream, m => Views.Rollup(ctx, m.Rollup ?? new Rollup(), request.UnitId, request.Year), ct);
        });

        var status = new Command("status", ctx.T("实时报送情况(WatchStatus)", "Live reporting status (WatchStatus)"));
        var statusUnit = Options.Unit(ctx, required: true, "节点单位 id,如 4208", "Node unit id, e.g. 4208");
        var statusYear = Options.Year(ctx, required: true);
        status.Add(statusUnit);
        status.Add(statusYear);
        status.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new StatusService.StatusServiceClient(connection.Channel);
            var request = new WatchStatusRequest { UnitId = r.GetValue(statusUnit)!, Year = r.GetValue(statusYear)!.Value };
            using var call = client.WatchStatus(request, connection.Headers, cancellationToken: ct);
            return await LiveAsync(ctx, call.ResponseStream, m => Views.Status(ctx, m.Summary ?? new StatusSummary()), ct);
        });

        command.Add(rollup);
        command.Add(status);
        return command;
    }

    /// <summary>Shows each message until the stream ends or Ctrl+C; Ctrl+C is a normal end (exit 0).</summary>
    internal static async Task<int> LiveAsync<T>(CliContext ctx, IAsyncStreamReader<T> stream, Func<T, IRenderable> view, CancellationToken ct)
    {
        var waiting = new Text(ctx.T("正在连接…(Ctrl+C 退出)", "Connecting… (Ctrl+C to stop)"), new Style(Color.Grey));
        try
        {
            await ctx.Out.Live(waiting).AutoClear(false).Overflow(VerticalOverflow.Ellipsis).StartAsync(async live =>
            {
                await foreach (var message in stream.ReadAllAsync(ct))
                {
                    live.UpdateTarget(new Rows(view(message), new Text(ctx.T($"更新于 {DateTimeOffset.Now:HH:mm:ss} · Ctrl+C 退出", $"updated {DateTimeOffset.Now:HH:mm:ss} · Ctrl+C to stop"), new Style(Color.Grey))));
                    live.Refresh();
                }
            });
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }

        return ExitCodes.Ok;
    }
}
