using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aggregator.Cli.Internal;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Aggregator.Cli.Commands;

/// <summary><c>versions</c>: a unit-year's stored versions, its review events, and what changed between two submitted versions.</summary>
internal static class VersionsCommand
{
    public static Command Create(CliContext ctx)
    {
        var command = new Command("versions", ctx.T(
            "列出某单位某年度的全部版本(报送与已公开记录)、审核记录,以及两个报送版本之间变化的单元格(默认:最新两个)。",
            "List a unit-year's versions (submissions and published records) and review events, and the cells that changed between two submitted versions (default: the latest two)."));
        var unit = Options.Unit(ctx, required: true);
        var year = Options.Year(ctx, required: true);
        var from = VersionOption(ctx, "--from", "比较的旧版本(报送)", "Older submitted version to compare");
        var to = VersionOption(ctx, "--to", "比较的新版本(报送,默认最新)", "Newer submitted version to compare (default: the latest)");
        var output = Options.Output(ctx);
        command.Add(unit);
        command.Add(year);
        command.Add(from);
        command.Add(to);
        command.Add(output);
        command.SetRun(ctx, async (r, ct) =>
        {
            using var connection = ctx.Connect(r);
            var client = new SubmissionService.SubmissionServiceClient(connection.Channel);
            var unitId = r.GetValue(unit)!;
            var y = r.GetValue(year)!.Value;
            var history = await AllVersionsAsync(client, connection, unitId, y, ct);
            var submitted = history.Versions.Where(v => v.Source == RecordSource.Submission).Select(v => v.Version).Order().ToList();
            var newer = r.GetValue(to) ?? (submitted.Count > 0 ? submitted[^1] : 0);
            var older = r.GetValue(from) ?? submitted.Where(v => v < newer).DefaultIfEmpty(0).Max();
            foreach (var v in new[] { r.GetValue(from), r.GetValue(to) }.OfType<long>().Where(v => !submitted.Contains(v)))
            {
                throw new CliException(ExitCodes.NotFound, $"{unitId} {y} 年度没有报送版本 {v}", $"{unitId} {y} has no submitted version {v}");
            }

            IReadOnlyList<CellChange>? changes = null;
            if (older > 0 && newer > 0 && older != newer)
            {
                changes = VersionChanges.Between(
                    await ReadAsync(client, connection, unitId, y, older, ct),
                    await ReadAsync(client, connection, unitId, y, newer, ct));
            }

            if (r.IsJson(output))
            {
                ctx.Env.RawOut.WriteLine(Json(history, older, newer, changes));
                return ExitCodes.Ok;
            }

            ctx.Out.Write(View(ctx, unitId, y, history, older, newer, changes));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<long?> VersionOption(CliContext ctx, string name, string zh, string en)
    {
        var option = new Option<long?>(name) { Description = ctx.T(zh, en), HelpName = "N" };
        option.AddCheck(n => n is < 1 ? ctx.T($"{name} 应为正整数:{n}", $"{name} must be a positive number: {n}") : null);
        return option;
    }

    /// <summary>Every page of ListVersions in one response (versions and reviews in order).</summary>
    internal static async Task<ListVersionsResponse> AllVersionsAsync(SubmissionService.SubmissionServiceClient client, ServerConnection connection, string unitId, int year, CancellationToken ct)
    {
        var all = new ListVersionsResponse();
        var request = new ListVersionsRequest { UnitId = unitId, Year = year, PageSize = 1000 };
        while (true)
        {
            var page = await client.ListVersionsAsync(request, connection.Headers, cancellationToken: ct);
            all.Versions.AddRange(page.Versions);
            all.Reviews.AddRange(page.Reviews);
            all.ReviewState = page.ReviewState;
            if (page.NextPageToken.Length == 0)
            {
                return all;
            }

            request.PageToken = page.NextPageToken;
        }
    }

    private static async Task<AnnualReport> ReadAsync(SubmissionService.SubmissionServiceClient client, ServerConnection connection, string unitId, int year, long version, CancellationToken ct)
    {
        var response = await client.GetSubmissionAsync(new GetSubmissionRequest { UnitId = unitId, Year = year, Version = version, Source = RecordSource.Submission }, connection.Headers, cancellationToken: ct);
        var mapped = ReportMapper.ToDomain(response.Report ?? new Report());
        return mapped.Report ?? throw new CliException(ExitCodes.Rejected,
            $"第 {version} 版无法读取:" + string.Join(";", mapped.Errors.Select(e => e.RuleId + " " + string.Join(',', e.Cells))),
            $"Version {version} cannot be read: " + string.Join("; ", mapped.Errors.Select(e => e.RuleId + " " + string.Join(',', e.Cells))));
    }

    private static string Value(decimal? v) => v is { } x ? ExactDecimal.Format(x) : Render.NotReported;

    private static IRenderable View(CliContext ctx, string unitId, int year, ListVersionsResponse history, long older, long newer, IReadOnlyList<CellChange>? changes)
    {
        var parts = new List<IRenderable>
        {
            new Rule(ctx.T($"{unitId} {year} 年度版本 · {Render.ReviewText(ctx, history.ReviewState)}", $"{unitId} {year} versions · {Render.ReviewText(ctx, history.ReviewState)}")).LeftJustified(),
        };
        var table = new Table()
            .AddColumn(new TableColumn(ctx.T("版本", "Version")).RightAligned())
            .AddColumn(ctx.T("来源", "Source"))
            .AddColumn(ctx.T("存储时间", "Stored at"))
            .AddColumn(ctx.T("存储人", "Stored by"))
            .AddColumn(ctx.T("部分", "Sections"))
            .AddColumn(new TableColumn(ctx.T("警告", "Warnings")).RightAligned());
        foreach (var v in history.Versions)
        {
            table.AddRow(
                v.Version.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Render.SourceText(ctx, v.Source)),
                Markup.Escape(Render.Time(ctx, v.StoredAt)),
                Markup.Escape(v.StoredBy),
                Markup.Escape(string.Join(' ', v.Sections)),
                v.WarningCount.ToString(CultureInfo.InvariantCulture));
        }

        parts.Add(table);
        if (history.Reviews.Count > 0)
        {
            var reviews = new Table().Title(ctx.T("审核记录", "Reviews"))
                .AddColumn(new TableColumn(ctx.T("版本", "Version")).RightAligned())
                .AddColumn(ctx.T("决定", "Decision"))
                .AddColumn(ctx.T("审核人", "Reviewer"))
                .AddColumn(ctx.T("时间", "At"))
                .AddColumn(ctx.T("理由", "Reason"));
            foreach (var e in history.Reviews)
            {
                reviews.AddRow(
                    new Text(e.Version.ToString(CultureInfo.InvariantCulture)),
                    new Text(e.Decision == ReviewDecision.Accept ? ctx.T("通过", "accepted") : ctx.T("退回", "returned")),
                    new Text(e.ReviewedBy),
                    new Text(Render.Time(ctx, e.ReviewedAt)),
                    new Text(e.Reason));
            }

            parts.Add(reviews);
        }

        if (changes is null)
        {
            parts.Add(new Text(ctx.T("只有一个报送版本,没有可比较的变化。", "Fewer than two submitted versions: no changes to show."), new Style(Color.Grey)));
        }
        else if (changes.Count == 0)
        {
            parts.Add(new Text(ctx.T($"第 {older} 版 → 第 {newer} 版:没有单元格变化。", $"v{older} → v{newer}: no cell changed."), new Style(Color.Green)));
        }
        else
        {
            var diff = new Table().Title(ctx.T($"第 {older} 版 → 第 {newer} 版 变化的单元格({changes.Count})", $"Cells changed v{older} → v{newer} ({changes.Count})"))
                .AddColumn(ctx.T("单元格", "Cell"))
                .AddColumn(ctx.T("名称", "Label"))
                .AddColumn(new TableColumn(ctx.T($"第 {older} 版", $"v{older}")).RightAligned())
                .AddColumn(new TableColumn(ctx.T($"第 {newer} 版", $"v{newer}")).RightAligned());
            foreach (var c in changes)
            {
                var def = c.Cell.Definition;
                diff.AddRow(new Text(def.Path), new Text(ctx.T(def.LabelZh, def.LabelEn)), new Text(Value(c.Before)), new Text(Value(c.After), new Style(Color.Yellow)));
            }

            parts.Add(diff);
        }

        return new Rows(parts);
    }

    /// <summary><c>{"versions": ListVersionsResponse, "changes": {"from", "to", "cells": [{cell, label_zh, label_en, before, after}]}}</c>; values are exact decimal strings, null = not reported.</summary>
    private static string Json(ListVersionsResponse history, long older, long newer, IReadOnlyList<CellChange>? changes)
    {
        var root = new JsonObject { ["versions"] = JsonNode.Parse(CliContext.Json.Format(history)) };
        if (changes is not null)
        {
            var cells = new JsonArray();
            foreach (var c in changes)
            {
                var def = c.Cell.Definition;
                cells.Add(new JsonObject
                {
                    ["cell"] = def.Path,
                    ["label_zh"] = def.LabelZh,
                    ["label_en"] = def.LabelEn,
                    ["before"] = c.Before is { } b ? ExactDecimal.Format(b) : null,
                    ["after"] = c.After is { } a ? ExactDecimal.Format(a) : null,
                });
            }

            root["changes"] = new JsonObject { ["from"] = older, ["to"] = newer, ["cells"] = cells };
        }

        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }
}
