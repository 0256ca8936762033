using System.CommandLine;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Mapping;
using RuleEngine = Aggregator.Domain.Rules.RuleEngine;
using Aggregator.Export;
using Google.Protobuf;
using Spectre.Console;

namespace Aggregator.Cli.Commands;

/// <summary><c>import</c> and <c>validate</c>: read a published report locally and run the rules.</summary>
internal static class ImportCommand
{
    private static readonly JsonFormatter s_json = new(JsonFormatter.Settings.Default.WithIndentation());

    public static Command CreateImport(CliContext ctx) => Create(ctx, validateOnly: false);

    public static Command CreateValidate(CliContext ctx) => Create(ctx, validateOnly: true);

    private static Command Create(CliContext ctx, bool validateOnly)
    {
        var command = validateOnly
            ? new Command("validate", ctx.T(
                "校验一份报表(文本、HTML、Word .docx、PDF、填好的 Excel 模板 .xlsx 或合同 JSON):解析并运行全部勾稽规则,不输出 JSON。有错误时退出码 1,无法解析时(包括没有文本层的扫描 PDF)6。",
                "Check a report (text, HTML, Word .docx, PDF, a filled Excel template .xlsx or contract JSON): parse it and run every rule, without printing JSON. Exit 1 on errors, 6 when it cannot be parsed (including a scanned PDF without a text layer)."))
            : new Command("import", ctx.T(
                "导入已公开的年度报表(文本、HTML、Word .docx、PDF 或填好的 Excel 模板 .xlsx),输出合同 JSON(到 --out 或标准输出),并显示校验问题。单位与年度可从文件名 <单位>-<年度>.txt 推断。",
                "Import a published annual report (text, HTML, Word .docx, PDF or a filled Excel template .xlsx), print the contract JSON (to --out or stdout) and show rule violations. Unit and year can be inferred from a file name <unit>-<year>.txt."));
        var file = new Argument<string>("file") { Description = ctx.T("报表文件(.txt、.html、.docx、.pdf、.xlsx 或 .json),或网页地址 http(s)://…(需 --unit 和 --year)", "Report file (.txt, .html, .docx, .pdf, .xlsx or .json), or a page address http(s)://… (with --unit and --year)") };
        var unit = Options.Unit(ctx, required: false, "单位 id(默认从文件名推断)", "Unit id (default: inferred from the file name)");
        var year = Options.Year(ctx, required: false, "报告年度(默认从文件名推断,如 *-2021.txt)", "Report year (default: inferred from the file name, e.g. *-2021.txt)");
        var format = Options.Format(ctx);
        command.Add(file);
        command.Add(unit);
        command.Add(year);
        command.Add(format);
        Option<string?>? output = null;
        Option<string?>? export = null;
        if (!validateOnly)
        {
            output = new Option<string?>("--out", "-o") { Description = ctx.T("把 JSON 写入该文件(此时标准输出只显示摘要)", "Write the JSON to this file (stdout then shows a summary)"), HelpName = "FILE.json" };
            export = new Option<string?>("--export")
            {
                Description = ctx.T("另按全国格式在本地导出报表,格式由扩展名决定(.csv、.xlsx、.md、.json、.docx)", "Also export the report locally in the national layout; the extension picks the format (.csv, .xlsx, .md, .json, .docx)"),
                HelpName = "FILE",
            };
            export.AddCheck(f => f is not null && ExportFormatOf(f) == ExportFormat.Unspecified
                ? ctx.T($"--export 文件扩展名应为 .csv、.xlsx、.md、.json 或 .docx:{f}", $"--export needs a .csv, .xlsx, .md, .json or .docx file name: '{f}'")
                : null);
            command.Add(output);
            command.Add(export);
        }

        command.SetRun(ctx, async (r, ct) => await RunAsync(ctx, validateOnly,
            r.GetValue(file)!, r.GetValue(unit), r.GetValue(year), Options.ToFormat(r.GetValue(format)),
            output is null ? null : r.GetValue(output), export is null ? null : r.GetValue(export), ct));
        return command;
    }

    internal static ExportFormat ExportFormatOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" => ExportFormat.Csv,
        ".xlsx" => ExportFormat.Xlsx,
        ".md" or ".markdown" => ExportFormat.Markdown,
        ".json" => ExportFormat.Json,
        ".docx" => ExportFormat.Docx,
        _ => ExportFormat.Unspecified,
    };

    /// <summary>As <see cref="Run"/>, for a file or an address (http/https), fetched first.</summary>
    internal static async Task<int> RunAsync(CliContext ctx, bool validateOnly, string path, string? unit, int? year, FormatVersion? format, string? outFile, string? exportFile, CancellationToken ct)
    {
        if (!PageFetcher.IsAddress(path))
        {
            return Run(ctx, validateOnly, path, unit, year, format, outFile, exportFile);
        }

        var fetched = await ReportFiles.FetchAsync([new InputFile(path, unit, year)], PageFetchOptions.Default, ct);
        return Run(ctx, validateOnly, fetched[0], format, outFile, exportFile);
    }

    internal static int Run(CliContext ctx, bool validateOnly, string path, string? unit, int? year, FormatVersion? format, string? outFile, string? exportFile = null)
    {
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.Unparseable, $"找不到文件:{path}", $"No such file: '{path}'");
        }

        var (inferredUnit, inferredYear) = ReportFiles.InferFromName(path);
        return Run(ctx, validateOnly, new InputFile(path, unit ?? inferredUnit, year ?? inferredYear), format, outFile, exportFile);
    }

    private static int Run(CliContext ctx, bool validateOnly, InputFile input, FormatVersion? format, string? outFile, string? exportFile)
    {
        var path = input.Path;

        // JSON on stdout: diagnostics go to stderr so the JSON stays clean.
        var jsonToStdout = !validateOnly && outFile is null;
        var diag = jsonToStdout ? ctx.Err : ctx.Out;
        var loaded = ReportFiles.Load(input, format);
        foreach (var note in loaded.Notes)
        {
            diag.MarkupLine("[grey]" + Markup.Escape(ctx.T(note)) + "[/]");
        }

        if (!loaded.Success)
        {
            diag.Write(Render.ImportErrors(ctx, loaded.Errors, ctx.T($"无法解析 {path}", $"Cannot parse {path}")));
            ctx.Fail($"无法解析 {path}:{loaded.Errors.Count} 处问题", $"cannot parse '{path}': {loaded.Errors.Count} problem(s)");
            return ExitCodes.Unparseable;
        }

        var report = loaded.Report!;
        IReadOnlyList<Finding> findings = [.. loaded.ImportFindings.Select(Render.ToContract), .. Check(report)];

        if (!validateOnly)
        {
            var json = s_json.Format(report);
            if (outFile is null)
            {
                ctx.Env.RawOut.WriteLine(json);
                ctx.Env.RawOut.Flush();
            }
            else
            {
                File.WriteAllText(outFile, json + Environment.NewLine);
                ctx.Out.MarkupLine(Markup.Escape(ctx.T(
                    $"已写入 {outFile}:单位 {report.UnitId},{report.Year} 年度,{FormatName(report.Format)} 格式,{Sections(report)}",
                    $"Wrote {outFile}: unit {report.UnitId}, year {report.Year}, {FormatName(report.Format)} format, {Sections(report)}")));
            }
        }
        else
        {
            ctx.Out.MarkupLine(Markup.Escape(ctx.T(
                $"{path}:单位 {report.UnitId},{report.Year} 年度,{FormatName(report.Format)} 格式,{Sections(report)}",
                $"{path}: unit {report.UnitId}, year {report.Year}, {FormatName(report.Format)} format, {Sections(report)}")));
        }

        if (exportFile is not null)
        {
            Export(ctx, diag, report, exportFile);
        }

        return ShowFindings(ctx, diag, findings);
    }

    private static void Export(CliContext ctx, IAnsiConsole diag, Report report, string exportFile)
    {
        ExportedFile exported;
        try
        {
            exported = Exporter.ExportReport(report, ExportFormatOf(exportFile));
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Rejected, $"无法导出:{e.Message}", $"Cannot export: {e.Message}");
        }

        File.WriteAllBytes(exportFile, exported.Content);
        diag.MarkupLine(Markup.Escape(ctx.T(
            $"已导出 {exportFile}({exported.Content.Length} 字节,{exported.ContentType})",
            $"Exported {exportFile} ({exported.Content.Length} bytes, {exported.ContentType})")));
    }

    /// <summary>Maps to the domain and runs the rule engine; mapping problems come back as error findings.</summary>
    internal static IReadOnlyList<Finding> Check(Report report)
    {
        var mapped = ReportMapper.ToDomain(report);
        if (mapped.Report is not { } domain)
        {
            return [.. mapped.Errors.Select(Render.ToContract)];
        }

        return [.. RuleEngine.Evaluate(domain).Findings.Select(Render.ToContract)];
    }

    private static int ShowFindings(CliContext ctx, IAnsiConsole console, IReadOnlyList<Finding> findings)
    {
        var violated = findings.Where(f => f.Kind == FindingKind.Violated).ToList();
        var errors = violated.Count(f => f.Severity == Severity.Error);
        var warnings = violated.Count - errors;
        var notAssessable = findings.Count - violated.Count;
        if (violated.Count > 0)
        {
            console.Write(Render.Findings(ctx, violated, ctx.T("校验问题", "Rule violations")));
        }

        if (notAssessable > 0)
        {
            console.Write(Render.NotAssessable(ctx, findings.Where(f => f.Kind == FindingKind.NotAssessable)));
        }

        var summary = ctx.T($"{errors} 个错误,{warnings} 个警告,{notAssessable} 项无法核验", $"{errors} error(s), {warnings} warning(s), {notAssessable} not assessable");
        console.MarkupLine((errors > 0 ? "[red]" : warnings > 0 ? "[yellow]" : "[green]") + Markup.Escape(summary) + "[/]");
        return errors > 0 ? ExitCodes.Rejected : ExitCodes.Ok;
    }

    internal static string FormatName(FormatVersion format) => format switch
    {
        FormatVersion._2019 => "2019",
        FormatVersion._2021 => "2021",
        _ => "?",
    };

    private static string Sections(Report r)
    {
        var s = new List<string>();
        if (r.Overview is not null) { s.Add("一"); }
        if (r.ProactiveDisclosure is not null || r.ProactiveDisclosure2019 is not null) { s.Add("二"); }
        if (r.Requests is not null) { s.Add("三"); }
        if (r.ReviewLitigation is not null) { s.Add("四"); }
        if (r.Problems is not null) { s.Add("五"); }
        if (r.OtherMatters is not null) { s.Add("六"); }
        return string.Join("", s);
    }
}
