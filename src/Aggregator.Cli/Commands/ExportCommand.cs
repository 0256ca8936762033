using System.CommandLine;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Spectre.Console;

namespace Aggregator.Cli.Commands;

/// <summary><c>export rollup|compare|report</c>: the server's Export RPC, bytes written to a file.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("export", ctx.T("通过服务器导出汇总、比较或单份报表,格式 csv|xlsx|md|json|docx,写入 --out 文件。", "Export a rollup, a comparison or one report through the server as csv|xlsx|md|json|docx into the --out file."));

        var rollup = new Command("rollup", ctx.T("导出汇总", "Export a rollup"));
        var rUnit = Options.Unit(ctx, required: true, "节点单位 id", "Node unit id");
        var rYear = Options.Year(ctx, required: true);
        var rPolicy = Options.Policy(ctx);
        rollup.Add(rUnit);
        rollup.Add(rYear);
        rollup.Add(rPolicy);
        var (rFormat, rOut) = AddFileOptions(ctx, rollup);
        rollup.SetRun(ctx, (r, ct) => RunAsync(ctx, r, new ExportRequest
        {
            Rollup = new GetRollupRequest { UnitId = r.GetValue(rUnit)!, Year = r.GetValue(rYear)!.Value, Policy = Options.ToPolicy(r.GetValue(rPolicy)) },
            Format = ToExportFormat(r.GetValue(rFormat)),
        }, r.GetValue(rOut), ct));

        var compare = new Command("compare", ctx.T("导出比较", "Export a comparison"));
        var cUnit = Options.Unit(ctx, required: true, "上级节点单位 id", "Parent node unit id");
        var cYear = Options.Year(ctx, required: true);
        var cMetric = QueryCommands.MetricOption(ctx);
        var cPolicy = Options.Policy(ctx);
        compare.Add(cUnit);
        compare.Add(cYear);
        compare.Add(cMetric);
        compare.Add(cPolicy);
        var (cFormat, cOut) = AddFileOptions(ctx, compare);
        compare.SetRun(ctx, (r, ct) => RunAsync(ctx, r, new ExportRequest
        {
            Comparison = new CompareRequest { UnitId = r.GetValue(cUnit)!, Year = r.GetValue(cYear)!.Value, Metric = r.GetValue(cMetric)!, Policy = Options.ToPolicy(r.GetValue(cPolicy)) },
            Format = ToExportFormat(r.GetValue(cFormat)),
        }, r.GetValue(cOut), ct));

        var report = new Command("report", ctx.T("导出一份已存储的报表", "Export one stored report"));
        var pUnit = Options.Unit(ctx, required: true, "单位 id", "Unit id");
        var pYear = Options.Year(ctx, required: true);
        var pVersion = new Option<long?>("--version") { Description = ctx.T("版本号(默认当前有效版本)", "Version (default: the effective one)") };
        pVersion.AddCheck(v => v is < 1 ? ctx.T($"--version 应为正整数:{v}", $"--version must be a positive number: {v}") : null);
        report.Add(pUnit);
        report.Add(pYear);
        report.Add(pVersion);
        var (pFormat, pOut) = AddFileOptions(ctx, report);
        report.SetRun(ctx, (r, ct) =>
        {
            var get = new GetSubmissionRequest { UnitId = r.GetValue(pUnit)!, Year = r.GetValue(pYear)!.Value };
            if (r.GetValue(pVersion) is { } v)
            {
                get.Version = v;
            }

            return RunAsync(ctx, r, new ExportRequest { Report = get, Format = ToExportFormat(r.GetValue(pFormat)) }, r.GetValue(pOut), ct);
        });

        command.Add(rollup);
        command.Add(compare);
        command.Add(report);
        return command;
    }

    private static (Option<string> Format, Option<string?> Out) AddFileOptions(CliContext ctx, Command command)
    {
        var format = new Option<string>("--format") { Description = ctx.T("文件格式 csv|xlsx|md|json|docx(docx:全国格式的 Word 年度报告,限汇总和单份报表)", "File format csv|xlsx|md|json|docx (docx: the annual report in the national layout as Word, rollups and reports only)"), Required = true };
        format.AcceptOnlyFromAmong("csv", "xlsx", "md", "json", "docx");
        var output = new Option<string?>("--out", "-o") { Description = ctx.T("输出文件(默认用服务器建议的文件名)", "Output file (default: the name the server suggests)"), HelpName = "FILE" };
        command.Add(format);
        command.Add(output);
        return (format, output);
    }

    internal static ExportFormat ToExportFormat(string? value) => value switch
    {
        "csv" => ExportFormat.Csv,
        "xlsx" => ExportFormat.Xlsx,
        "md" => ExportFormat.Markdown,
        "json" => ExportFormat.Json,
        "docx" => ExportFormat.Docx,
        _ => ExportFormat.Unspecified,
    };

    private static async Task<int> RunAsync(CliContext ctx, ParseResult r, ExportRequest request, string? outFile, CancellationToken ct)
    {
        using var connection = ctx.Connect(r);
        var client = new QueryService.QueryServiceClient(connection.Channel);
        var response = await client.ExportAsync(request, connection.Headers, cancellationToken: ct);
        var path = outFile ?? (response.FileName.Length > 0 ? Path.GetFileName(response.FileName) : "export");
        await File.WriteAllBytesAsync(path, response.Content.ToByteArray(), ct);
        ctx.Out.MarkupLine(Markup.Escape(ctx.T(
            $"已写入 {path}({response.Content.Length} 字节,{response.ContentType})",
            $"Wrote {path} ({response.Content.Length} bytes, {response.ContentType})")));
        return ExitCodes.Ok;
    }
}
