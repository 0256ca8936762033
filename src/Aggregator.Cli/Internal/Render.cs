using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain.Cells;
using Aggregator.Import;
using Spectre.Console;
using Spectre.Console.Rendering;
using C = Aggregator.Domain.Text.Messages.Cli;
using DomainFinding = Aggregator.Domain.Rules.Finding;

namespace Aggregator.Cli.Internal;

/// <summary>Spectre renderables shared by the commands.</summary>
internal static class Render
{
    public const string NotReported = "—";

    public static Finding ToContract(DomainFinding f) => Aggregator.Domain.Mapping.FindingMapper.ToProto(f);

    public static string SeverityText(CliContext ctx, Severity severity) => severity switch
    {
        Severity.Error => ctx.T(C.Error),
        Severity.Warning => ctx.T(C.Warning),
        _ => "?",
    };

    /// <summary>Rule, severity, cells, reported, computed, message.</summary>
    public static Table Findings(CliContext ctx, IEnumerable<Finding> findings, string? title = null, string? foundAt = null)
    {
        var table = new Table()
            .AddColumn(ctx.T(C.Rule))
            .AddColumn(ctx.T(C.Severity))
            .AddColumn(ctx.T(C.Cells))
            .AddColumn(new TableColumn(ctx.T(C.Reported)).RightAligned())
            .AddColumn(new TableColumn(ctx.T(C.Computed)).RightAligned())
            .AddColumn(ctx.T(C.Message));
        if (foundAt is not null)
        {
            table.AddColumn(ctx.T(C.FoundAt));
        }

        if (title is not null)
        {
            table.Title(title);
        }

        foreach (var f in findings)
        {
            var style = f.Severity == Severity.Error ? new Style(Color.Red) : new Style(Color.Yellow);
            List<IRenderable> row =
            [
                new Text(f.RuleId, style),
                new Text(SeverityText(ctx, f.Severity), style),
                new Text(string.Join('\n', f.Cells)),
                new Text(f.Reported),
                new Text(f.Computed),
                new Text(ctx.T(f.MessageZh, f.MessageEn)),
            ];
            if (foundAt is not null)
            {
                row.Add(new Text(foundAt));
            }

            table.AddRow(row);
        }

        return table;
    }

    /// <summary>The checks that did not run (or ran only partly): rule, where, the cells not reported, message.</summary>
    public static Table NotAssessable(CliContext ctx, IEnumerable<Finding> findings, string? title = null)
    {
        var table = new Table()
            .Title(title ?? ctx.T(C.RulesNotAssessable))
            .AddColumn(ctx.T(C.Rule))
            .AddColumn(ctx.T(C.Where))
            .AddColumn(ctx.T(C.CellsNotReported))
            .AddColumn(ctx.T(C.Message));
        foreach (var f in findings)
        {
            table.AddRow(
                new Text(f.RuleId, new Style(Color.Yellow)),
                new Text(f.Cells.Count > 0 ? f.Cells[0] : ""),
                new Text(string.Join('\n', f.MissingCells)),
                new Text(ctx.T(f.MessageZh, f.MessageEn)));
        }

        return table;
    }

    /// <summary>Section, line, expected, found, and where and why (expected and found are not repeated in the message).</summary>
    public static Table ImportErrors(CliContext ctx, IEnumerable<ImportError> errors, string? title = null)
    {
        var table = new Table()
            .AddColumn(ctx.T(C.Section))
            .AddColumn(new TableColumn(ctx.T(C.Line)).RightAligned())
            .AddColumn(ctx.T(C.Expected))
            .AddColumn(ctx.T(C.Found))
            .AddColumn(ctx.T(C.Message));
        if (title is not null)
        {
            table.Title(title);
        }

        foreach (var e in errors)
        {
            table.AddRow(
                new Text(e.Section == "document" ? ctx.T(C.WholeDocument) : e.Section),
                new Text(e.Line?.ToString(CultureInfo.InvariantCulture) ?? ""),
                new Text(ctx.T(e.ExpectedText)),
                new Text(ctx.T(e.FoundText)),
                new Text(ctx.T(Aggregator.Domain.Text.Messages.Import.Located(e.Where, e.Detail)), new Style(Color.Red)));
        }

        return table;
    }

    public static string Show(Aggregator.Contracts.V1.Decimal? d) => d is null || d.Value.Length == 0 ? NotReported : d.Value;

    public static string Percent(string? fraction) =>
        decimal.TryParse(fraction, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)
            ? (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"
            : NotReported;

    public static string Percent(Aggregator.Contracts.V1.Decimal? d) => d is null ? NotReported : Percent(d.Value);

    public static string UnitLabel(string id, string name) => name.Length == 0 ? id : $"{name} ({id})";

    public static string SourceText(CliContext ctx, RecordSource source) => source switch
    {
        RecordSource.Submission => ctx.T("报送", "submission"),
        RecordSource.Published => ctx.T("已公开", "published"),
        _ => "",
    };

    public static string PolicyText(CliContext ctx, VersionPolicy policy) => policy switch
    {
        VersionPolicy.LatestAccepted => ctx.T("仅审核通过", "accepted only"),
        _ => ctx.T("最新报送", "latest submitted"),
    };

    public static string ReviewText(CliContext ctx, ReviewState state) => state switch
    {
        ReviewState.Submitted => ctx.T("已报送", "submitted"),
        ReviewState.Accepted => ctx.T("已通过", "accepted"),
        ReviewState.Returned => ctx.T("已退回", "returned"),
        ReviewState.Published => ctx.T("已公开", "published"),
        _ => "",
    };

    public static string StatusText(CliContext ctx, UnitStatus status) => status switch
    {
        UnitStatus.NotStarted => ctx.T("未开始", "not started"),
        UnitStatus.Draft => ctx.T("草稿", "draft"),
        UnitStatus.Submitted => ctx.T("已报送", "submitted"),
        UnitStatus.Accepted => ctx.T("已通过", "accepted"),
        UnitStatus.Returned => ctx.T("已退回", "returned"),
        UnitStatus.Published => ctx.T("已公开", "published"),
        _ => "?",
    };

    public static string Time(CliContext ctx, Google.Protobuf.WellKnownTypes.Timestamp? ts)
    {
        if (ts is null)
        {
            return "";
        }

        // Deadlines are days in China Standard Time (UTC+8, no daylight saving).
        var local = ts.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(8));
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A blank line between renderables.</summary>
    public static IRenderable Gap => new Text("");
}
