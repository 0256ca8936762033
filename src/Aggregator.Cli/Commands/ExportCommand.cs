using System.CommandLine;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Aggregator.Export;
using Spectre.Console;

namespace Aggregator.Cli.Commands;

/// <summary><c>export rollup|compare|report</c>: the server's Export RPC; <c>export status</c>: the status rendered here; bytes written to a file or standard output.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("export", ctx.T("导出汇总、比较、单份报表或报送情况,格式 csv|xlsx|md|json|docx,写入 --out 文件(- 为标准输出)。", "Export a rollup, a comparison, one report or the reporting status as csv|xlsx|md|json|docx into the --out file (- for standard output)."));

        var rollup = new Command("rollup", ctx.T("导出汇总", "Export a rollup"));
        var rUnit = Options.Unit(ctx, required: true, "节点单位 id", "Node unit id");
        var rYear = Options.Year(ctx, required: true);
        var rPolicy = Options.Policy(ctx);
        rollup.Add(rUnit);
        rollup.Add(rYear);
        rollup.Add(rPolicy);
        var (rFormat, rOut) = AddFileOptions(ctx, rollup, word: true);
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
        var (pFormat, pOut) = AddFileOptions(ctx, report, word: true);
        report.SetRun(ctx, (r, ct) =>
        {
            var get = new GetSubmissionRequest { UnitId = r.GetValue(pUnit)!, Year = r.GetValue(pYear)!.Value };
            if (r.GetValue(pVersion) is { } v)
            {
                get.Version = v;
            }

            return RunAsync(ctx, r, new ExportRequest { Report = get, Format = ToExportFormat(r.GetValue(pFormat)) }, r.GetValue(pOut), ct);
        });

        var status = new Command("status", ctx.T(
            "导出报送情况(催报清单):逾期单位(名称、登记的联系人、逾期天数),再列全部单位;格式 csv|xlsx|md|json。",
            "Export the reporting status (the list for chasing late units): late units (name, registry contact, days late), then every unit; csv|xlsx|md|json."));
        var sUnit = Options.Unit(ctx, required: true, "节点单位 id,如 4208", "Node unit id, e.g. 4208");
        var sYear = Options.Year(ctx, required: true);
        status.Add(sUnit);
        status.Add(sYear);
        var (sFormat, sOut) = AddFileOptions(ctx, status);
        status.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new StatusService.StatusServiceClient(connection.Channel);
            var response = await client.GetStatusAsync(new GetStatusRequest { UnitId = r.GetValue(sUnit)!, Year = r.GetValue(sYear)!.Value }, connection.Headers, cancellationToken: ct);
            var file = Exporter.ExportStatus(response.Summary ?? new StatusSummary(), ToExportFormat(r.GetValue(sFormat)));
            return await WriteAsync(ctx, file.Content, file.ContentType, file.FileName, r.GetValue(sOut), ct);
        });

        command.Add(rollup);
        command.Add(compare);
        command.Add(report);
        command.Add(status);
        return command;
    }

    private static (Option<string> Format, Option<string?> Out) AddFileOptions(CliContext ctx, Command command, bool word = false)
    {
        var format = word
            ? new Option<string>("--format") { Description = ctx.T("文件格式 csv|xlsx|md|json|docx(docx:全国格式的 Word 年度报告)", "File format csv|xlsx|md|json|docx (docx: the annual report in the national layout as Word)"), Required = true }
            : new Option<string>("--format") { Description = ctx.T("文件格式 csv|xlsx|md|json", "File format csv|xlsx|md|json"), Required = true };
        format.AcceptOnlyFromAmong(word ? ["csv", "xlsx", "md", "json", "docx"] : ["csv", "xlsx", "md", "json"]);
        var output = new Option<string?>("--out", "-o") { Description = ctx.T("输出文件(默认用服务器建议的文件名;- 为标准输出)", "Output file (default: the name the server suggests; - for standard output)"), HelpName = "FILE" };
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
        return await WriteAsync(ctx, response.Content.ToByteArray(), response.ContentType, response.FileName, outFile, ct);
    }

    /// <summary>Writes the file's bytes to <paramref name="outFile"/> (default: the suggested name), or to standard output for <c>-</c> with nothing else printed there.</summary>
    private static async Task<int> WriteAsync(CliContext ctx, byte[] content, string contentType, string suggestedName, string? outFile, CancellationToken ct)
    {
        if (outFile == StandardOutput)
        {
            await ctx.Env.RawOut.FlushAsync(ct);
            var stdout = ctx.Env.OpenStandardOutput();
            await stdout.WriteAsync(content, ct);
            await stdout.FlushAsync(ct);
            ctx.Err.MarkupLine("[grey]" + Markup.Escape(ctx.T($"已写入标准输出({content.Length} 字节,{contentType})", $"Wrote standard output ({content.Length} bytes, {contentType})")) + "[/]");
            return ExitCodes.Ok;
        }

        var path = outFile ?? (suggestedName.Length > 0 ? Path.GetFileName(suggestedName) : "export");
        await File.WriteAllBytesAsync(path, content, ct);
        ctx.Out.MarkupLine(Markup.Escape(ctx.T(
            $"已写入 {path}({content.Length} 字节,{contentType})",
            $"Wrote {path} ({content.Length} bytes, {contentType})")));
        return ExitCodes.Ok;
    }

    /// <summary>The <c>--out</c> value meaning standard output.</summary>
    public const string StandardOutput = "-";
}
