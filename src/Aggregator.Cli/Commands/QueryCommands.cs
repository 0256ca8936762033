using System.CommandLine;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;

namespace Aggregator.Cli.Commands;

/// <summary><c>status</c>, <c>rollup</c>, <c>compare</c> and <c>summary</c>: one query, one view (or its JSON).</summary>
internal static class QueryCommands
{
    public static Command CreateStatus(CliContext ctx)
    {
        var command = new Command("status", ctx.T(
            "某节点(如市)下各单位的报送情况:按状态列出(逾期标红),各状态数量,报送率与及时率。",
            "Reporting status of the units below a node (e.g. a city): units by status (late ones in red), counts, reporting and timeliness rates."));
        var unit = Options.Unit(ctx, required: true, "节点单位 id,如 4208", "Node unit id, e.g. 4208");
        var year = Options.Year(ctx, required: true);
        var output = Options.Output(ctx);
        command.Add(unit);
        command.Add(year);
        command.Add(output);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new StatusService.StatusServiceClient(connection.Channel);
            var response = await client.GetStatusAsync(new GetStatusRequest { UnitId = r.GetValue(unit)!, Year = r.GetValue(year)!.Value }, connection.Headers, cancellationToken: ct);
            if (r.IsJson(output))
            {
                ctx.WriteJson(response);
                return ExitCodes.Ok;
            }

            ctx.Out.Write(Views.Status(ctx, response.Summary ?? new StatusSummary()));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CreateRollup(CliContext ctx)
    {
        var command = new Command("rollup", ctx.T(
            "某节点下的汇总:按全国格式列出表二、三、四(中文标签),覆盖情况,计入与未计入单位,校验问题与指标。",
            "The rollup below a node: tables II, III and IV in the national layout, coverage, contributing and missing units, findings and indicators."));
        var unit = Options.Unit(ctx, required: true, "节点单位 id,如 4208", "Node unit id, e.g. 4208");
        var year = Options.Year(ctx, required: true);
        var policy = Options.Policy(ctx);
        var output = Options.Output(ctx);
        command.Add(unit);
        command.Add(year);
        command.Add(policy);
        command.Add(output);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new QueryService.QueryServiceClient(connection.Channel);
            var request = new GetRollupRequest { UnitId = r.GetValue(unit)!, Year = r.GetValue(year)!.Value, Policy = Options.ToPolicy(r.GetValue(policy)) };
            var response = await client.GetRollupAsync(request, connection.Headers, cancellationToken: ct);
            if (r.IsJson(output))
            {
                ctx.WriteJson(response);
                return ExitCodes.Ok;
            }

            ctx.Out.Write(Views.Rollup(ctx, response.Rollup ?? new Rollup(), request.UnitId, request.Year));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CreateCompare(CliContext ctx)
    {
        var command = new Command("compare", ctx.T(
            "比较某节点下各单位的一项指标或单元格:排名表(占比、与中位数差、异常值、同比)和条形图。",
            "Compare the children of a node on one metric or cell: ranked table (share, difference from median, outliers, year over year) and a bar chart."));
        var unit = Options.Unit(ctx, required: true, "上级节点单位 id,如 4208", "Parent node unit id, e.g. 4208");
        var year = Options.Year(ctx, required: true);
        var metric = MetricOption(ctx);
        var policy = Options.Policy(ctx);
        var output = Options.Output(ctx);
        command.Add(unit);
        command.Add(year);
        command.Add(metric);
        command.Add(policy);
        command.Add(output);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new QueryService.QueryServiceClient(connection.Channel);
            var request = new CompareRequest { UnitId = r.GetValue(unit)!, Year = r.GetValue(year)!.Value, Metric = r.GetValue(metric)!, Policy = Options.ToPolicy(r.GetValue(policy)) };
            var response = await client.CompareAsync(request, connection.Headers, cancellationToken: ct);
            if (r.IsJson(output))
            {
                ctx.WriteJson(response);
                return ExitCodes.Ok;
            }

            ctx.Out.Write(Views.Compare(ctx, response));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CreateSummary(CliContext ctx)
    {
        var command = new Command("summary", ctx.T(
            "年度汇总一览:某节点下每个单位一行,状态、是否逾期、警告数、来源和主要指标并列。",
            "Year summary: one line per unit below a node with status, lateness, warnings, source and the key indicators side by side."));
        var unit = Options.Unit(ctx, required: true, "节点单位 id,如 4208", "Node unit id, e.g. 4208");
        var year = Options.Year(ctx, required: true);
        var policy = Options.Policy(ctx);
        var output = Options.Output(ctx);
        command.Add(unit);
        command.Add(year);
        command.Add(policy);
        command.Add(output);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new QueryService.QueryServiceClient(connection.Channel);
            var request = new GetYearSummaryRequest { UnitId = r.GetValue(unit)!, Year = r.GetValue(year)!.Value, Policy = Options.ToPolicy(r.GetValue(policy)) };
            var response = await client.GetYearSummaryAsync(request, connection.Headers, cancellationToken: ct);
            if (r.IsJson(output))
            {
                ctx.WriteJson(response);
                return ExitCodes.Ok;
            }

            ctx.Out.Write(Views.YearSummary(ctx, response, request.UnitId, request.Year));
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Option<string> MetricOption(CliContext ctx) => new("--metric")
    {
        Description = ctx.T("单元格路径(如 s3.new_requests.total)或指标 id(如 disclosure_rate)", "A cell path (e.g. s3.new_requests.total) or an indicator id (e.g. disclosure_rate)"),
        Required = true,
        HelpName = "PATH",
    };
}
