using System.CommandLine;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Spectre.Console;

namespace Aggregator.Cli.Commands;

/// <summary><c>review accept|return</c>: the level above accepts a unit's submission or returns it with a reason.</summary>
internal static class ReviewCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("review", ctx.T(
            "审核下级单位的报送:accept 通过(锁定该年度)| return 退回并说明理由(单位可重新报送)。",
            "Review a unit's submission: accept (locks the year) | return with a reason (the unit may resubmit)."));
        command.Add(Decision(ctx, "accept", ReviewDecision.Accept, ctx.T("审核通过最新报送版本,该年度随即锁定。", "Accept the latest submitted version; the year is then locked.")));
        command.Add(Decision(ctx, "return", ReviewDecision.Return, ctx.T("退回最新报送版本,--reason 说明理由(单位在报送情况中看到)。", "Return the latest submitted version with --reason (the unit sees it on its status).")));
        return command;
    }

    private static Command Decision(CliContext ctx, string name, ReviewDecision decision, string description)
    {
        var command = new Command(name, description);
        var unit = Options.Unit(ctx, required: true, "被审核单位 id", "The unit reviewed");
        var year = Options.Year(ctx, required: true);
        var version = new Option<long?>("--version")
        {
            Description = ctx.T("审核的版本(默认:最新报送版本;不是最新时服务器拒绝)", "The version reviewed (default: the latest submitted; the server refuses any other)"),
            HelpName = "N",
        };
        version.AddCheck(n => n is < 1 ? ctx.T($"--version 应为正整数:{n}", $"--version must be a positive number: {n}") : null);
        var reason = new Option<string?>("--reason")
        {
            Description = decision == ReviewDecision.Return
                ? ctx.T("退回理由(必填)", "Reason for returning (required)")
                : ctx.T("备注(可选)", "Note (optional)"),
            Required = decision == ReviewDecision.Return,
            HelpName = "TEXT",
        };
        command.Add(unit);
        command.Add(year);
        command.Add(version);
        command.Add(reason);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new SubmissionService.SubmissionServiceClient(connection.Channel);
            var unitId = r.GetValue(unit)!;
            var y = r.GetValue(year)!.Value;
            var reviewed = r.GetValue(version) ?? await LatestSubmittedAsync(ctx, client, connection, unitId, y, ct);
            var response = await client.ReviewSubmissionAsync(new ReviewSubmissionRequest
            {
                UnitId = unitId,
                Year = y,
                Decision = decision,
                Reason = r.GetValue(reason)?.Trim() ?? "",
                Version = reviewed,
            }, connection.Headers, cancellationToken: ct);
            ctx.Out.MarkupLine(Markup.Escape(ctx.T(
                $"{unitId} {y} 年度第 {reviewed} 版:{Render.ReviewText(ctx, response.ReviewState)}",
                $"{unitId} {y} version {reviewed}: {Render.ReviewText(ctx, response.ReviewState)}")));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The latest submitted version of the unit-year (every page of ListVersions), or a not-found failure naming it.</summary>
    private static async Task<long> LatestSubmittedAsync(CliContext ctx, SubmissionService.SubmissionServiceClient client, ServerConnection connection, string unitId, int year, CancellationToken ct)
    {
        var versions = await VersionsCommand.AllVersionsAsync(client, connection, unitId, year, ct);
        var latest = versions.Versions.Where(v => v.Source == RecordSource.Submission).Select(v => v.Version).DefaultIfEmpty(0).Max();
        return latest > 0
            ? latest
            : throw new CliException(ExitCodes.NotFound, $"{unitId} {year} 年度没有可审核的报送版本", $"{unitId} has no submitted version of {year} to review");
    }
}
