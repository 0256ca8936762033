using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Text;
using Google.Protobuf;
using Grpc.Core;
using Spectre.Console;

namespace Aggregator.Cli.Commands;

/// <summary><c>backfill</c>: import already published reports as public records over one BackfillStream call.</summary>
internal static class BackfillCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("backfill", ctx.T(
            "补录已公开的年度报表(公开记录):文本/HTML 原文发给服务器解析(附文件名与 SHA-256),.json 为合同格式。全部在一个 BackfillStream 调用上发送,按内容哈希幂等。有被拒绝的文件时退出码 1,仅因无法解析被拒时 6。",
            "Backfill published reports as public records: text/HTML documents are sent as-is for the server to parse (with file name and SHA-256), .json files in contract form. All go over one BackfillStream call, idempotent by content hash. Exit 1 when any file is refused, 6 when all refusals are unparseable files."));
        var paths = SubmitCommand.PathsArgument(ctx, "已公开报表文件或目录", "Published report files or directories");
        var unit = Options.Unit(ctx, required: false, "单位 id(默认从文件名推断)", "Unit id (default: from the file names)");
        var year = Options.Year(ctx, required: false, "报告年度(默认从文件名推断)", "Report year (default: from the file names)");
        var map = SubmitCommand.MapOption(ctx);
        var parseLocally = new Option<bool>("--parse-locally")
        {
            Description = ctx.T("在本地解析文本/HTML,发送解析后的报表(附原文件的 SHA-256),适用于不解析原文的服务器", "Parse text/HTML here and send the parsed report (with the file's SHA-256), for servers that do not parse documents"),
        };
        var format = Options.Format(ctx);
        command.Add(paths);
        command.Add(unit);
        command.Add(year);
        command.Add(map);
        command.Add(parseLocally);
        command.Add(format);
        command.SetRun(ctx, async (r, ct) =>
        {
            var inputs = await ReportFiles.CollectAsync(r.GetValue(paths) ?? [], r.GetValue(map), r.GetValue(unit), r.GetValue(year), ct);
            using var connection = ctx.Connect(r);
            return await RunAsync(ctx, connection, inputs, r.GetValue(parseLocally), Options.ToFormat(r.GetValue(format)), ct);
        });
        return command;
    }

    private sealed record Item(string CorrelationId, InputFile Input, BackfillRequest Request);

    private sealed record LocalFailure(InputFile Input, string MessageZh, string MessageEn);

    internal static async Task<int> RunAsync(CliContext ctx, ServerConnection connection, IReadOnlyList<InputFile> inputs, bool parseLocally, FormatVersion? format, CancellationToken ct)
    {
        var items = new List<Item>();
        var failures = new List<LocalFailure>();
        foreach (var input in inputs)
        {
            if (Prepare(input, parseLocally, format, out var request, out var failure))
            {
                items.Add(new Item("b" + (items.Count + 1).ToString(CultureInfo.InvariantCulture), input, request!));
            }
            else
            {
                failures.Add(failure!);
            }
        }

        var results = new ConcurrentDictionary<string, BackfillStreamResponse>(StringComparer.Ordinal);
        if (items.Count > 0)
        {
            var client = new SubmissionService.SubmissionServiceClient(connection.Channel);
            await StreamProgress.RunAsync(ctx, items.Count, async (sent, acked) =>
                {
                    using var call = client.BackfillStream(connection.Headers, cancellationToken: ct);
                    using var acknowledged = new SemaphoreSlim(0);
                    // Cancelled when the call ends, so no write waits for a server that ended the call.
                    using var ended = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    var reader = Task.Run(async () =>
                    {
                        try
                        {
                            await foreach (var response in call.ResponseStream.ReadAllAsync(ct))
                            {
                                results[response.CorrelationId] = response;
                                acked();
                                acknowledged.Release();
                            }
                        }
                        finally
                        {
                            await ended.CancelAsync();
                        }
                    }, ct);

                    try
                    {
                        // Year by year, oldest first, each year acknowledged before the next is sent: the
                        // server checks the cross-year rules (Y3.carry, Y2.*) against the previous year as
                        // stored, and processes the records of one stream concurrently.
                        foreach (var year in items.GroupBy(i => i.Request.Year).OrderBy(g => g.Key))
                        {
                            var count = 0;
                            foreach (var item in year)
                            {
                                await call.RequestStream.WriteAsync(new BackfillStreamRequest { CorrelationId = item.CorrelationId, Record = item.Request }, ended.Token);
                                sent();
                                count++;
                            }

                            for (var i = 0; i < count; i++)
                            {
                                if (await Task.WhenAny(acknowledged.WaitAsync(ended.Token), reader) == reader)
                                {
                                    break;
                                }
                            }
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

        return Summarize(ctx, items, results, failures);
    }

    private static bool Prepare(InputFile input, bool parseLocally, FormatVersion? format, out BackfillRequest? request, out LocalFailure? failure)
    {
        request = null;
        failure = null;
        if (input.FetchError is var (fetchZh, fetchEn))
        {
            failure = new LocalFailure(input, fetchZh, fetchEn);
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = input.Page?.Content ?? File.ReadAllBytes(input.Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = new LocalFailure(input, $"无法读取文件:{e.Message}", $"Cannot read the file: {e.Message}");
            return false;
        }

        var source = new PublishedSource { FileName = input.IsAddress ? input.Path : Path.GetFileName(input.Path), ContentSha256 = ReportFiles.Sha256(bytes) };
        if (ReportFiles.IsJson(input.Path) || ReportFiles.IsLocalOnly(input.Path) || parseLocally)
        {
            var loaded = ReportFiles.Load(input, format);
            if (!loaded.Success)
            {
                var e = loaded.Errors[0];
                var more = loaded.Errors.Count > 1 ? $" (+{loaded.Errors.Count - 1})" : "";
                failure = new LocalFailure(input, e.MessageZh + more, e.MessageEn + more);
                return false;
            }

            var report = loaded.Report!;
            request = new BackfillRequest { UnitId = report.UnitId, Year = report.Year, Report = report, Source = source };
            return true;
        }

        if (input.UnitId is null || input.Year is null)
        {
            throw new CliException(ExitCodes.Usage,
                $"无法从文件名推断 {input.Path} 的单位或年度:请用 --unit 和 --year(或 --map)指定",
                $"Cannot infer the unit or year of '{input.Path}' from its name: pass --unit and --year (or --map)");
        }

        request = new BackfillRequest
        {
            UnitId = input.UnitId,
            Year = input.Year.Value,
            Document = new PublishedDocument { Content = ByteString.CopyFrom(bytes), MediaType = ReportFiles.MediaType(input.Path) },
            Source = source,
        };
        return true;
    }

    private static int Summarize(CliContext ctx, List<Item> items, ConcurrentDictionary<string, BackfillStreamResponse> results, List<LocalFailure> failures)
    {
        var table = new Table().Title(ctx.T("补录结果", "Backfill results"))
            .AddColumn(ctx.T("文件", "File"))
            .AddColumn(ctx.T("单位", "Unit"))
            .AddColumn(new TableColumn(ctx.T("年度", "Year")).RightAligned())
            .AddColumn(ctx.T("结果", "Outcome"))
            .AddColumn(new TableColumn(ctx.T("版本", "Version")).RightAligned())
            .AddColumn(new TableColumn(ctx.T("问题数", "Findings")).RightAligned());
        int imported = 0, replayed = 0, missing = 0;
        var refused = new List<(InputFile Input, StatusCode Code, string Message)>();
        var byRule = new SortedDictionary<string, (Severity Severity, int Count)>(StringComparer.Ordinal);
        var notAssessable = new List<(string File, BackfillResponse Result)>();
        foreach (var item in items)
        {
            var file = Path.GetFileName(item.Input.Path);
            var unit = item.Request.UnitId;
            var year = item.Request.Year.ToString(CultureInfo.InvariantCulture);
            if (!results.TryGetValue(item.CorrelationId, out var response))
            {
                missing++;
                table.AddRow(new Text(file), new Text(unit), new Text(year), new Text(ctx.T("无确认", "no acknowledgement"), new Style(Color.Red)), new Text(""), new Text(""));
                continue;
            }

            if (response.StatusCode != 0 || response.Result is null)
            {
                refused.Add((item.Input, (StatusCode)response.StatusCode, response.StatusMessage));
                table.AddRow(new Text(file), new Text(unit), new Text(year),
                    new Text(response.StatusCode == (int)StatusCode.InvalidArgument ? ctx.T("无法解析", "unparseable") : ctx.T("被拒绝", "refused"), new Style(Color.Red)),
                    new Text(""), new Text(""));
                continue;
            }

            var result = response.Result;
            if (result.Replayed)
            {
                replayed++;
            }
            else
            {
                imported++;
            }

            if (result.NotAssessable.Count > 0)
            {
                notAssessable.Add((file, result));
            }

            foreach (var f in result.Findings.Where(f => f.Kind == FindingKind.Violated))
            {
                byRule[f.RuleId] = byRule.TryGetValue(f.RuleId, out var e) ? (e.Severity, e.Count + 1) : (f.Severity, 1);
            }

            table.AddRow(new Text(file), new Text(unit), new Text(year),
                new Text(result.Replayed ? ctx.T("已存在(重放)", "already imported (replayed)") : ctx.T("已导入", "imported"), new Style(Color.Green)),
                new Text(result.Version.ToString(CultureInfo.InvariantCulture)),
                new Text(result.Findings.Count.ToString(CultureInfo.InvariantCulture), result.Findings.Count > 0 ? new Style(Color.Yellow) : Style.Plain));
        }

        foreach (var f in failures)
        {
            table.AddRow(new Text(Path.GetFileName(f.Input.Path)), new Text(f.Input.UnitId ?? ""), new Text(f.Input.Year?.ToString(CultureInfo.InvariantCulture) ?? ""),
                new Text(ctx.T("无法解析", "unparseable"), new Style(Color.Red)), new Text(""), new Text(""));
        }

        ctx.Out.Write(table);

        if (byRule.Count > 0)
        {
            var rules = new Table().Title(ctx.T("按规则统计的问题", "Findings by rule"))
                .AddColumn(ctx.T("规则", "Rule"))
                .AddColumn(ctx.T("级别", "Severity"))
                .AddColumn(new TableColumn(ctx.T("次数", "Count")).RightAligned());
            foreach (var (rule, (severity, count)) in byRule)
            {
                rules.AddRow(new Text(rule), new Text(Render.SeverityText(ctx, severity)), new Text(count.ToString(CultureInfo.InvariantCulture)));
            }

            ctx.Out.Write(rules);
        }

        foreach (var (file, result) in notAssessable)
        {
            ctx.Out.Write(Render.NotAssessable(ctx, result.NotAssessable, ctx.T($"{file}:无法核验的规则", $"{file}: rules not assessable")));
        }

        if (refused.Count > 0 || failures.Count > 0)
        {
            var reasons = new Table().Title(ctx.T("未能导入的文件", "Files not imported"))
                .AddColumn(ctx.T("文件", "File"))
                .AddColumn(ctx.T("原因", "Reason"));
            foreach (var (input, code, message) in refused)
            {
                reasons.AddRow(new Text(input.Path), new Text(code == StatusCode.InvalidArgument ? message : ctx.T(Messages.Cli.Refused(GrpcErrors.Text(code, ""), message)), new Style(Color.Red)));
            }

            foreach (var f in failures)
            {
                reasons.AddRow(new Text(f.Input.Path), new Text(ctx.T(f.MessageZh, f.MessageEn), new Style(Color.Red)));
            }

            ctx.Out.Write(reasons);
            if (refused.Any(r => r.Code == StatusCode.Unimplemented))
            {
                ctx.Out.MarkupLine("[yellow]" + Markup.Escape(ctx.T("提示:该服务器不解析原文,可加 --parse-locally 在本地解析后发送。", "Hint: this server does not parse documents; add --parse-locally to parse them here.")) + "[/]");
            }
        }

        var unparseable = failures.Count + refused.Count(r => r.Code == StatusCode.InvalidArgument);
        var otherRefusals = refused.Count(r => r.Code != StatusCode.InvalidArgument) + missing;
        var summary = ctx.T(
            $"已导入 {imported},重放 {replayed},无法解析 {unparseable},其他拒绝 {otherRefusals}",
            $"imported {imported}, replayed {replayed}, unparseable {unparseable}, other refusals {otherRefusals}");
        ctx.Out.MarkupLine((unparseable + otherRefusals > 0 ? "[red]" : "[green]") + Markup.Escape(summary) + "[/]");
        return otherRefusals > 0 ? ExitCodes.Rejected : unparseable > 0 ? ExitCodes.Unparseable : ExitCodes.Ok;
    }
}
