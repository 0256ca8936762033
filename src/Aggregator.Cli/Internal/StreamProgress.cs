using Spectre.Console;

namespace Aggregator.Cli.Internal;

/// <summary>A Spectre progress display of messages sent and acknowledged on a stream (only on an interactive terminal).</summary>
internal static class StreamProgress
{
    /// <summary>Runs <paramref name="body"/> with callbacks that count one message sent and one acknowledged.</summary>
    public static Task RunAsync(CliContext ctx, int total, Func<Action, Action, Task> body)
    {
        if (!ctx.Out.Profile.Capabilities.Interactive)
        {
            return body(static () => { }, static () => { });
        }

        return ctx.Out.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var sent = progress.AddTask(ctx.T("已发送", "sent"), maxValue: total);
                var acked = progress.AddTask(ctx.T("已确认", "acknowledged"), maxValue: total);
                await body(() => sent.Increment(1), () => acked.Increment(1));
            });
    }
}
