using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Text;
using Grpc.Core;
using Spectre.Console;

namespace Aggregator.Cli.Commands;

/// <summary><c>submit</c>: send reports over one SubmitStream call, without waiting for each acknowledgement.</summary>
internal static class SubmitCommand
{
    public static Argument<string[]> PathsArgument(CliContext ctx, string zh, string en) => new("file-or-dir")
    {
        Description = ctx.T(zh, en),
        Arity = ArgumentArity.ZeroOrMore,
    };

    public static Option<string?> MapOption(CliContext ctx) => new("--map")
    {
        Description = ctx.T("映射文件,每行 path,unit,year(相对路径相对于映射文件)", "Mapping file with lines path,unit,year (relative paths are relative to the mapping file)"),
        HelpName = "map.csv",
    };

    public static Command Create(CliContext ctx)
    {
        var command = new Command("submit", ctx.T(
            "报送报表:文件(.txt/.html 经导入,.json 为合同格式)或目录(文件名 <单位>-<年度>.txt|html|json)。全部在一个 SubmitStream 调用上发送,幂等键取报表内容的 SHA-256,可安全重跑。有被拒收的报表时退出码 1。",
            "Submit reports: files (.txt/.html through the importer, .json in contract form) or directories (files named <unit>-<year>.txt|html|json). All go over one SubmitStream call; idempotency keys are the SHA-256 of each report, so re-running is safe. Exit 1 when any is rejected."));
        var paths = PathsArgument(ctx, "报表文件或目录", "Report files or directories");
        var unit = Options.Unit(ctx, required: false, "单位 id(默认从文件名推断)", "Unit id (default: from the file names)");
        var year = Options.Year(ctx, required: false, "报告年度(默认从文件名推断)", "Report year (default: from the file names)");
        var map = MapOption(ctx);
        var format = Options.Format(ctx);
        command.Add(paths);
        command.Add(unit);
        command.Add(year);
        command.Add(map);
        command.Add(format);
        command.SetRun(ctx, async (r, ct) =>
        {
            var inputs = await ReportFiles.CollectAsync(r.GetValue(paths) ?? [], r.GetValue(map), r.GetValue(unit), r.GetValue(year), ct);
            using var connection = ctx.Connect(r);
            return await RunAsync(ctx, connection, inputs, Options.ToFormat(r.GetValue(format)), ct);
        });
        return command;
    }

    private sealed record Item(string CorrelationId, LoadedReport Loaded, string Key);

    internal static async Task<int> RunAsync(CliContext ctx, ServerConnection connection, IReadOnlyList<InputFile> inputs, FormatVersion? format, CancellationToken ct)
    {
        var loaded = inputs.Select(i => ReportFiles.Load(i, format)).ToList();
        var unparseable = loaded.Where(l => !l.Success).ToList();
        var items = loaded.Where(l => l.Success)
            .Select((l, i) => new Item("r" + (i + 1).ToString(CultureInfo.InvariantCulture), l, ReportFiles.IdempotencyKey(l.Report!)))
            .ToList();

        var acks = new ConcurrentDictionary<string, Acknowledgement>(StringComparer.Ordinal);
        if (items.Count > 0)
        {
            var client = new SubmissionService.SubmissionServiceClient(connection.Channel);
            await StreamProgress.RunAsync(ctx, items.Count, async (sent, acked) =>
                {
                    using var call = client.SubmitStream(connection.Headers, cancellationToken: ct);
                    // Cancelled when the call ends: a write the server will never take (it ended the
                    // call, e.g. on an oversize message) would otherwise wait for HTTP/2 flow control forever.
                    using var ended = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var reader = Task.Run(async () =>
                    {
                        try
                        {
                            await foreach (var response in call.ResponseStream.ReadAllAsync(ct))
                            {
                                acks[response.CorrelationId] = response.Acknowledgement;
                                acked();
                            }
                        }
                        finally
                        {
                            await ended.CancelAsync();
                        }
                    }, ct);

                    try
                    {
                        foreach (var item in items)
                        {
                            await call.RequestStream.WriteAsync(new SubmitStreamRequest
                            {
                                CorrelationId = item.CorrelationId,
                                Submission = new SubmitRequest { Report = item.Loaded.Report, IdempotencyKey = item.Key },
                            }, ended.Token);
                            sent();
                        }

                        await call.RequestStream.CompleteAsync();
                    }
                    catch (RpcException)
                    {
                        // The server ended the call: the reader reports why.
                    }
                    catch (InvalidOperationException)
                    {
                        // Writing after the call ended: the reader reports why.
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        // The call ended while a write waited: the reader reports why.
                    }

                    await reader;
                });
        }

        return Summarize(ctx, items, acks, unparseable);
    }

    private static int Summarize(CliContext ctx, List<Item> items, ConcurrentDictionary<string, Acknowledgement> acks, List<LoadedReport> unparseable)
    {
        var table = new Table().Title(ctx.T("报送结果", "Submission results"))
            .AddColumn(ctx.T("文件", "File"))
            .AddColumn(ctx.T("单位", "Unit"))
            .AddColumn(new TableColumn(ctx.T("年度", "Year")).RightAligned())
            .AddColumn(ctx.T("结果", "Outcome"))
            .AddColumn(new TableColumn(ctx.T("版本", "Version")).RightAligned())
            .AddColumn(new TableColumn(ctx.T("警告", "Warnings")).RightAligned())
            .AddColumn(ctx.T("错误", "Errors"));
        int accepted = 0, replayed = 0, rejected = 0, warnings = 0, missing = 0;
        var rejectedDetails = new List<(string File, Acknowledgement Ack)>();
        foreach (var item in items)
        {
            var file = Path.GetFileName(item.Loaded.Input.Path);
            var report = item.Loaded.Report!;
            if (!acks.TryGetValue(item.CorrelationId, out var ack))
            {
                missing++;
                table.AddRow(new Text(file), new Text(report.UnitId), new Text(Year(report.Year)), new Text(ctx.T("无确认", "no acknowledgement"), new Style(Color.Red)), new Text(""), new Text(""), new Text(""));
                continue;
            }

            warnings += ack.Warnings.Count;
            if (ack.Outcome == AckOutcome.Accepted)
            {
                if (ack.Replayed)
                {
                    replayed++;
                }
                else
                {
                    accepted++;
                }

                table.AddRow(
                    new Text(file), new Text(report.UnitId), new Text(Year(report.Year)),
                    new Text(ack.Replayed ? ctx.T("已接收(重放)", "accepted (replayed)") : ctx.T("已接收", "accepted"), new Style(Color.Green)),
                    new Text(ack.Version.ToString(CultureInfo.InvariantCulture)),
                    new Text(ack.Warnings.Count.ToString(CultureInfo.InvariantCulture), ack.Warnings.Count > 0 ? new Style(Color.Yellow) : Style.Plain),
                    new Text(""));
            }
            else
            {
                rejected++;
                rejectedDetails.Add((file, ack));
                var errors = ack.Errors.Count > 0
                    ? string.Join('\n', ack.Errors.Select(e => e.RuleId + " " + ctx.T(e.MessageZh, e.MessageEn)))
                    : ctx.T(Messages.Cli.Refused(GrpcErrors.Text((StatusCode)ack.StatusCode, ""), ack.StatusMessage));
                table.AddRow(
                    new Text(file), new Text(report.UnitId), new Text(Year(report.Year)),
                    new Text(ctx.T("拒收", "rejected"), new Style(Color.Red)),
                    new Text(""),
                    new Text(ack.Warnings.Count.ToString(CultureInfo.InvariantCulture)),
                    new Text(errors, new Style(Color.Red)));
            }
        }

        foreach (var u in unparseable)
        {
            table.AddRow(
                new Text(Path.GetFileName(u.Input.Path)), new Text(u.Input.UnitId ?? ""), new Text(u.Input.Year is { } y ? Year(y) : ""),
                new Text(ctx.T("无法解析", "unparseable"), new Style(Color.Red)), new Text(""), new Text(""),
                new Text(string.Join('\n', u.Errors.Take(5).Select(e => ctx.T(e.MessageZh, e.MessageEn))) + (u.Errors.Count > 5 ? "\n…" : ""), new Style(Color.Red)));
        }

        ctx.Out.Write(table);
        foreach (var (file, ack) in rejectedDetails.Where(d => d.Ack.Errors.Count > 0))
        {
            ctx.Out.Write(Render.Findings(ctx, ack.Errors, ctx.T($"{file} 的错误", $"Errors of {file}")));
        }

        foreach (var item in items)
        {
            if (acks.TryGetValue(item.CorrelationId, out var ack) && ack.Warnings.Count + ack.NotAssessable.Count > 0)
            {
                var file = Path.GetFileName(item.Loaded.Input.Path);
                if (ack.Outcome == AckOutcome.Accepted && ack.Warnings.Count > 0)
                {
                    ctx.Out.Write(Render.Findings(ctx, ack.Warnings, ctx.T($"{file} 的警告", $"Warnings of {file}")));
                }

                if (ack.NotAssessable.Count > 0)
                {
                    ctx.Out.Write(Render.NotAssessable(ctx, ack.NotAssessable, ctx.T($"{file}:无法核验的规则", $"{file}: rules not assessable")));
                }
            }
        }

        foreach (var u in unparseable)
        {
            ctx.Out.Write(Render.ImportErrors(ctx, u.Errors, ctx.T($"无法解析 {u.Input.Path}", $"Cannot parse {u.Input.Path}")));
        }

        var summary = ctx.T(
            $"已接收 {accepted},重放 {replayed},拒收 {rejected},无法解析 {unparseable.Count},警告 {warnings}" + (missing > 0 ? $",无确认 {missing}" : ""),
            $"accepted {accepted}, replayed {replayed}, rejected {rejected}, unparseable {unparseable.Count}, warnings {warnings}" + (missing > 0 ? $", unacknowledged {missing}" : ""));
        var failed = rejected > 0 || missing > 0;
        ctx.Out.MarkupLine((failed || unparseable.Count > 0 ? "[red]" : "[green]") + Markup.Escape(summary) + "[/]");
        return failed ? ExitCodes.Rejected : unparseable.Count > 0 ? ExitCodes.Unparseable : ExitCodes.Ok;
    }

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}
