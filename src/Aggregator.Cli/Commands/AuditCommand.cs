using System.CommandLine;
using System.Globalization;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Aggregator.Cli.Commands;

/// <summary><c>audit list|verify</c>: the audit trail of a unit-year (who did what, when, from where) and its hash-chain check.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("audit", ctx.T(
            "审计记录:谁在何时从何处报送、补录、审核、导出了什么,以及被拒绝的访问;每条记录以哈希链接前一条,verify 检查是否被改动或删除。",
            "Audit trail: who submitted, backfilled, reviewed or exported what, when and from where, and refused calls; each entry is chained by hash to the previous one, and verify checks that none was changed or removed."));
        command.Add(CreateList(ctx));
        command.Add(CreateVerify(ctx));
        return command;
    }

    private static Option<string> UnitOption(CliContext ctx) => Options.Unit(ctx, required: true,
        "单位 id;区县只能看本单位的记录,市看辖区;- 为全局记录(仅 admin,无有效令牌的拒绝)",
        "Unit id; a district sees its own entries, a city its subtree; - is the deployment-wide trail (admin only: refusals without a valid token)");

    private static Command CreateList(CliContext ctx)
    {
        var command = new Command("list", ctx.T("列出审计记录(最新在前)。", "List audit entries, newest first."));
        var unit = UnitOption(ctx);
        var year = Options.Year(ctx, required: true);
        var limit = new Option<int>("--limit")
        {
            Description = ctx.T("最多列出多少条(默认 100)", "Most entries to list (default 100)"),
            DefaultValueFactory = _ => 100,
            HelpName = "N",
        };
        limit.AddCheck(n => n < 1 ? ctx.T($"--limit 应为正整数:{n}", $"--limit must be a positive number: {n}") : null);
        var output = Options.Output(ctx);
        command.Add(unit);
        command.Add(year);
        command.Add(limit);
        command.Add(output);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new AuditService.AuditServiceClient(connection.Channel);
            var unitId = r.GetValue(unit)!;
            var y = r.GetValue(year)!.Value;
            var max = r.GetValue(limit);
            var all = new ListAuditResponse();
            var request = new ListAuditRequest { UnitId = unitId, Year = y, PageSize = Math.Min(max, 1000) };
            while (all.Entries.Count < max)
            {
                var page = await client.ListAuditAsync(request, connection.Headers, cancellationToken: ct);
                all.Entries.AddRange(page.Entries.Take(max - all.Entries.Count));
                all.NextPageToken = page.NextPageToken;
                if (page.NextPageToken.Length == 0)
                {
                    break;
                }

                request.PageToken = page.NextPageToken;
            }

            if (r.IsJson(output))
            {
                ctx.Env.RawOut.WriteLine(CliContext.Json.Format(all));
                return ExitCodes.Ok;
            }

            ctx.Out.Write(View(ctx, unitId, y, all));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateVerify(CliContext ctx)
    {
        var command = new Command("verify", ctx.T(
            "重新计算审计记录的哈希链(该市该年度的全部记录;需市、省或 admin 令牌),指出第一条被改动、删除或移动的记录;被改动时退出码 1。",
            "Recompute the audit trail's hash chain (the whole city-year trail; city, province or admin token) and name the first changed, removed or moved entry; exit code 1 when one is found."));
        var unit = UnitOption(ctx);
        var year = Options.Year(ctx, required: true);
        var output = Options.Output(ctx);
        command.Add(unit);
        command.Add(year);
        command.Add(output);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new AuditService.AuditServiceClient(connection.Channel);
            var result = await client.VerifyAuditAsync(new VerifyAuditRequest { UnitId = r.GetValue(unit)!, Year = r.GetValue(year)!.Value }, connection.Headers, cancellationToken: ct);
            if (r.IsJson(output))
            {
                ctx.Env.RawOut.WriteLine(CliContext.Json.Format(result));
            }
            else if (result.Intact)
            {
                ctx.Out.MarkupLine("[green]" + Markup.Escape(ctx.T(
                    $"审计记录完整:第 {result.FirstSeq}–{result.LastSeq} 条,共 {result.EntryCount} 条。" + (result.Trimmed ? $"(更早的记录已按保留上限删除,校验从第 {result.FirstSeq} 条开始。)" : ""),
                    result.Detail)) + "[/]");
            }
            else
            {
                ctx.Out.MarkupLine("[red]" + Markup.Escape(ctx.T(
                    $"审计记录被改动:第 {result.ProblemSeq} 条{ProblemZh(result.Problem)}。({result.Detail})",
                    $"The audit trail was tampered with: {result.Detail}")) + "[/]");
            }

            return result.Intact ? ExitCodes.Ok : ExitCodes.Rejected;
        });
        return command;
    }

    private static string ProblemZh(AuditProblem problem) => problem switch
    {
        AuditProblem.Removed => "缺失(被删除)",
        AuditProblem.Reordered => "位置不对(被移动)",
        _ => "与哈希链不符(被修改)",
    };

    private static string ActionText(CliContext ctx, AuditAction action) => action switch
    {
        AuditAction.Submit => ctx.T("报送", "submit"),
        AuditAction.Backfill => ctx.T("补录", "backfill"),
        AuditAction.ReviewAccept => ctx.T("审核通过", "accept"),
        AuditAction.ReviewReturn => ctx.T("审核退回", "return"),
        AuditAction.Export => ctx.T("导出", "export"),
        AuditAction.Denied => ctx.T("拒绝访问", "denied"),
        _ => action.ToString(),
    };

    private static IRenderable View(CliContext ctx, string unitId, int year, ListAuditResponse response)
    {
        var table = new Table()
            .Title(ctx.T($"{unitId} {year} 年度审计记录({response.Entries.Count} 条)", $"Audit trail of {unitId} {year} ({response.Entries.Count} entries)"))
            .AddColumn(new TableColumn("#").RightAligned())
            .AddColumn(ctx.T("时间", "At"))
            .AddColumn(ctx.T("操作", "Action"))
            .AddColumn(ctx.T("结果", "Outcome"))
            .AddColumn(ctx.T("操作人", "Who"))
            .AddColumn(ctx.T("来源地址", "From"))
            .AddColumn(ctx.T("单位", "Unit"))
            .AddColumn(new TableColumn(ctx.T("版本", "Version")).RightAligned())
            .AddColumn(ctx.T("说明", "Detail"));
        foreach (var e in response.Entries)
        {
            table.AddRow(
                new Text(e.Seq.ToString(CultureInfo.InvariantCulture)),
                new Text(Render.Time(ctx, e.Time)),
                new Text(ActionText(ctx, e.Action)),
                e.Outcome == AuditOutcome.Succeeded
                    ? new Text(ctx.T("成功", "ok"), new Style(Color.Green))
                    : new Text(ctx.T("拒绝", "refused") + (e.StatusCode != 0 ? " (" + e.StatusCode.ToString(CultureInfo.InvariantCulture) + ")" : ""), new Style(Color.Red)),
                new Text(e.Subject.Length == 0 ? ctx.T("(无有效令牌)", "(no valid token)") : $"{e.Subject} ({e.ActorUnitId}, {e.Role})"),
                new Text(e.Peer),
                new Text(e.UnitId),
                new Text(e.Version == 0 ? "" : e.Version.ToString(CultureInfo.InvariantCulture)),
                new Text(e.IdempotencyKey.Length > 0 ? e.IdempotencyKey + (e.Detail.Length > 0 ? " · " + e.Detail : "") : e.Detail));
        }

        return response.NextPageToken.Length > 0
            ? new Rows(table, new Text(ctx.T("还有更早的记录(用 --limit 列出更多)。", "Older entries exist (use --limit to list more)."), new Style(Color.Grey)))
            : table;
    }
}
