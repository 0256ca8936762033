using System.CommandLine;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Google.Protobuf;
using Grpc.Net.Client;

namespace Aggregator.Cli.Commands;

/// <summary><c>status</c>, <c>rollup</c>, <c>compare</c> and <c>summary</c>: one query of a node, one view (or its JSON).</summary>
internal static class QueryCommands
{
    public static Command CreateStatus(CliContext ctx) => NodeQuery(ctx, new Command("status", ctx.T(
            "某节点(如市)下各单位的报送情况:按状态列出(逾期标红),各状态数量,报送率与及时率。",
            "Reporting status of the units below a node (e.g. a city): units by status (late ones in red), counts, reporting and timeliness rates.")),
        ("节点单位 id,如 4208", "Node unit id, e.g. 4208"), withPolicy: false,
        async (channel, q, headers, ct) => await new StatusService.StatusServiceClient(channel).GetStatusAsync(new GetStatusRequest { UnitId = q.UnitId, Year = q.Year }, headers, cancellationToken: ct),
        (response, _) => Views.Status(ctx, response.Summary ?? new StatusSummary()));

    public static Command CreateRollup(CliContext ctx) => NodeQuery(ctx, new Command("rollup", ctx.T(
            "某节点下的汇总:按全国格式列出表二、三、四(中文标签),覆盖情况,计入与未计入单位,校验问题与指标。",
            "The rollup below a node: tables II, III and IV in the national layout, coverage, contributing and missing units, findings and indicators.")),
        ("节点单位 id,如 4208", "Node unit id, e.g. 4208"), withPolicy: true,
        async (channel, q, headers, ct) => await new QueryService.QueryServiceClient(channel).GetRollupAsync(new GetRollupRequest { UnitId = q.UnitId, Year = q.Year, Policy = q.Policy }, headers, cancellationToken: ct),
        (response, q) => Views.Rollup(ctx, response.Rollup ?? new Rollup(), q.UnitId, q.Year));

    public static Command CreateCompare(CliContext ctx)
    {
        var metric = MetricOption(ctx);
        return NodeQuery(ctx, new Command("compare", ctx.T(
                "比较某节点下各单位的一项指标或单元格:排名表(占比、与中位数差、异常值、同比)和条形图。",
                "Compare the children of a node on one metric or cell: ranked table (share, difference from median, outliers, year over year) and a bar chart.")),
            ("上级节点单位 id,如 4208", "Parent node unit id, e.g. 4208"), withPolicy: true,
            async (channel, q, headers, ct) => await new QueryService.QueryServiceClient(channel).CompareAsync(
                new CompareRequest { UnitId = q.UnitId, Year = q.Year, Metric = q.Result.GetValue(metric)!, Policy = q.Policy }, headers, cancellationToken: ct),
            (response, _) => Views.Compare(ctx, response),
            metric);
    }

    public static Command CreateSummary(CliContext ctx) => NodeQuery(ctx, new Command("summary", ctx.T(
            "年度汇总一览:某节点下每个单位一行,状态、是否逾期、警告数、来源和主要指标并列。",
            "Year summary: one line per unit below a node with status, lateness, warnings, source and the key indicators side by side.")),
        ("节点单位 id,如 4208", "Node unit id, e.g. 4208"), withPolicy: true,
        async (channel, q, headers, ct) => await new QueryService.QueryServiceClient(channel).GetYearSummaryAsync(new GetYearSummaryRequest { UnitId = q.UnitId, Year = q.Year, Policy = q.Policy }, headers, cancellationToken: ct),
        (response, q) => Views.YearSummary(ctx, response, q.UnitId, q.Year));

    public static Option<string> MetricOption(CliContext ctx) => new("--metric")
    {
        Description = ctx.T("单元格路径(如 s3.new_requests.total)或指标 id(如 disclosure_rate)", "A cell path (e.g. s3.new_requests.total) or an indicator id (e.g. disclosure_rate)"),
        Required = true,
        HelpName = "PATH",
    };

    /// <summary>What a node query was asked: the node, the year, the version policy, and the parse result for the query's own options.</summary>
    private sealed record NodeArgs(string UnitId, int Year, VersionPolicy Policy, ParseResult Result);

    /// <summary>
    /// The scaffold every node query shares: <c>--unit</c>, <c>--year</c>, the query's own options, <c>--policy</c>
    /// (when the call takes one) and <c>--output</c>; connect, call, then print the response as JSON or its view.
    /// </summary>
    private static Command NodeQuery<TResponse>(
        CliContext ctx,
        Command command,
        (string Zh, string En) unitDescription,
        bool withPolicy,
        Func<GrpcChannel, NodeArgs, Grpc.Core.Metadata, CancellationToken, Task<TResponse>> call,
        Func<TResponse, NodeArgs, Spectre.Console.Rendering.IRenderable> view,
        params Option[] own)
        where TResponse : IMessage
    {
        var unit = Options.Unit(ctx, required: true, unitDescription.Zh, unitDescription.En);
        var year = Options.Year(ctx, required: true);
        var policy = withPolicy ? Options.Policy(ctx) : null;
        var output = Options.Output(ctx);
        command.Add(unit);
        command.Add(year);
        foreach (var option in own)
        {
            command.Add(option);
        }

        if (policy is not null)
        {
            command.Add(policy);
        }

        command.Add(output);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var args = new NodeArgs(r.GetValue(unit)!, r.GetValue(year)!.Value, policy is null ? default : Options.ToPolicy(r.GetValue(policy)), r);
            var response = await call(connection.Channel, args, connection.Headers, ct);
            if (r.IsJson(output))
            {
                ctx.WriteJson(response);
            }
            else
            {
                ctx.Out.Write(view(response, args));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
