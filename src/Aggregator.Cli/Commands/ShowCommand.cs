using System.CommandLine;
using System.Globalization;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Mapping;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Aggregator.Cli.Commands;

/// <summary><c>show</c>: one stored report with every finding stored with it and the checks that did not run.</summary>
internal static class ShowCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("show", ctx.T(
            "显示一份已存储的报表:版本信息、表二三四、存储时发现的全部问题(规则、单元格、填报值与计算值、级别、发现时间)和无法核验的规则。",
            "Show one stored report: its version, tables II–IV, every finding stored with it (rule, cells, reported vs computed, severity, when found) and the rules not assessable."));
        var unit = Options.Unit(ctx, required: true);
        var year = Options.Year(ctx, required: true);
        var version = new Option<long?>("--version")
        {
            Description = ctx.T("版本号(默认:计入的版本,报送优先于已公开记录)", "Version number (default: the effective one; a submission takes precedence over a published record)"),
            HelpName = "N",
        };
        version.AddCheck(n => n is < 1 ? ctx.T($"--version 应为正整数:{n}", $"--version must be a positive number: {n}") : null);
        var source = new Option<string?>("--source")
        {
            Description = ctx.T("与 --version 一起:submission 报送 | published 已公开记录(默认 submission)", "With --version: submission | published (default submission)"),
        };
        source.AcceptOnlyFromAmong("submission", "published");
        var output = Options.Output(ctx);
        command.Add(unit);
        command.Add(year);
        command.Add(version);
        command.Add(source);
        command.Add(output);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new SubmissionService.SubmissionServiceClient(connection.Channel);
            var request = new GetSubmissionRequest { UnitId = r.GetValue(unit)!, Year = r.GetValue(year)!.Value };
            if (r.GetValue(version) is { } v)
            {
                request.Version = v;
                request.Source = r.GetValue(source) == "published" ? RecordSource.Published : RecordSource.Submission;
            }

            var response = await client.GetSubmissionAsync(request, connection.Headers, cancellationToken: ct);
            if (r.IsJson(output))
            {
                ctx.WriteJson(response);
                return ExitCodes.Ok;
            }

            ctx.Out.Write(View(ctx, response));
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static IRenderable View(CliContext ctx, GetSubmissionResponse response)
    {
        var info = response.Info ?? new VersionInfo();
        var report = response.Report ?? new Report();
        var parts = new List<IRenderable>
        {
            new Rule(ctx.T(
                $"{report.UnitId} {report.Year} 年度 · {Render.SourceText(ctx, info.Source)} 第 {info.Version} 版 · {Render.ReviewText(ctx, response.ReviewState)}",
                $"{report.UnitId} {report.Year} · {Render.SourceText(ctx, info.Source)} version {info.Version} · {Render.ReviewText(ctx, response.ReviewState)}")).LeftJustified(),
            new Text(ctx.T(
                $"存储于 {Render.Time(ctx, info.StoredAt)}(UTC+8),存储者 {info.StoredBy},部分 {string.Join(",", info.Sections)}" + (info.PublishedSource is { FileName.Length: > 0 } ps ? $",来源 {ps.FileName}" : ""),
                $"Stored {Render.Time(ctx, info.StoredAt)} (UTC+8) by {info.StoredBy}, sections {string.Join(",", info.Sections)}" + (info.PublishedSource is { FileName.Length: > 0 } ps2 ? $", source {ps2.FileName}" : ""))),
        };
        if (response.ReviewReason.Length > 0)
        {
            parts.Add(new Text(ctx.T($"退回原因:{response.ReviewReason}", $"Returned because: {response.ReviewReason}"), new Style(Color.Yellow)));
        }

        if (ReportMapper.ToDomain(report).Report is { } domain)
        {
            parts.AddRange(Views.Tables(ctx, domain));
        }

        var found = Render.Time(ctx, info.StoredAt);
        var violated = response.Findings.Where(f => f.Kind == FindingKind.Violated).ToList();
        var notAssessable = response.Findings.Where(f => f.Kind == FindingKind.NotAssessable).ToList();
        parts.Add(violated.Count == 0
            ? new Text(ctx.T("存储时未发现问题。", "No findings were stored with this version."), new Style(Color.Green))
            : Render.Findings(ctx, violated, ctx.T("存储的问题", "Stored findings"), found));
        if (notAssessable.Count > 0)
        {
            parts.Add(Render.NotAssessable(ctx, notAssessable));
        }

        var errors = violated.Count(f => f.Severity == Severity.Error);
        parts.Add(new Text(ctx.T(
            $"{errors} 个错误,{violated.Count - errors} 个警告,{notAssessable.Count} 项无法核验",
            $"{errors} error(s), {(violated.Count - errors).ToString(CultureInfo.InvariantCulture)} warning(s), {notAssessable.Count} not assessable")));
        return new Rows(parts);
    }
}
