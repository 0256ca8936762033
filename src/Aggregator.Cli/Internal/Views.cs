using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Aggregator.Cli.Internal;

/// <summary>The views of rollups, status and comparisons (used once, and live by <c>watch</c>).</summary>
internal static class Views
{
    /// <summary>Number of partially covered cells listed before "…".</summary>
    public const int MaxCoverageRows = 25;

    public static IRenderable Rollup(CliContext ctx, Rollup rollup, string unitId, int year)
    {
        var parts = new List<IRenderable>();
        var contributing = rollup.Contributing.Count;
        parts.Add(new Rule(ctx.T(
            $"{unitId} {year} 年度汇总 · {Render.PolicyText(ctx, rollup.Policy)} · 已计入 {contributing}/{rollup.ExpectedUnits} 个单位 · 修订 {rollup.Revision}",
            $"{unitId} {year} rollup · {Render.PolicyText(ctx, rollup.Policy)} · {contributing}/{rollup.ExpectedUnits} units counted · revision {rollup.Revision}")).LeftJustified());
        parts.AddRange(RegionNotes(ctx, rollup.RegionNotes));

        if (rollup.Total is { } total)
        {
            var mapped = ReportMapper.ToDomain(total);
            if (mapped.Report is { } report)
            {
                parts.AddRange(Tables(ctx, report));
            }
            else
            {
                parts.Add(new Text(ctx.T("汇总数据无法读取:", "The rollup total cannot be read:"), new Style(Color.Red)));
                parts.Add(Render.Findings(ctx, mapped.Errors.Select(Render.ToContract)));
            }
        }

        parts.Add(Coverage(ctx, rollup));
        parts.Add(Contributing(ctx, rollup));
        if (rollup.Missing.Count > 0)
        {
            var missing = new Table().Title(ctx.T($"未计入单位({rollup.Missing.Count})", $"Missing units ({rollup.Missing.Count})"))
                .AddColumn(ctx.T("单位", "Unit")).AddColumn(ctx.T("原因", "Reason"));
            foreach (var m in rollup.Missing)
            {
                missing.AddRow(new Text(Render.UnitLabel(m.UnitId, m.UnitName)), new Text(MissingReason(ctx, m.Reason), new Style(Color.Yellow)));
            }

            parts.Add(missing);
        }

        var violated = rollup.Findings.Where(f => f.Kind == FindingKind.Violated).ToList();
        parts.Add(violated.Count == 0
            ? new Text(ctx.T("汇总数据未发现校验问题。", "No rule violations in the rollup."), new Style(Color.Green))
            : Render.Findings(ctx, violated, ctx.T("汇总校验问题", "Rollup findings")));
        parts.AddRange(ContributorFindings(ctx, rollup.Contributing));

        if (rollup.Indicators.Count > 0)
        {
            parts.Add(Indicators(ctx, rollup.Indicators, ctx.T("指标", "Indicators")));
        }

        return new Rows(parts);
    }

    /// <summary>Tables 二, 三, 四 (and the figures of 一 and 六) in the national layout.</summary>
    public static IEnumerable<IRenderable> Tables(CliContext ctx, AnnualReport report)
    {
        var f = report.Figures;
        var format = report.Format;

        yield return Sectional(ctx, f, format, Sections.S2Proactive, ctx.T("二、主动公开政府信息情况", "II. Proactive disclosure"));

        var t3 = new Table().Title(ctx.T("三、收到和处理政府信息公开申请情况", "III. Requests received and handled"))
            .AddColumn(ctx.T("项目", "Row"));
        foreach (var col in CellCatalog.RequestColumns)
        {
            var header = col.Id is "natural_person" or "total" ? ctx.T(col.LabelZh, col.LabelEn) : ctx.T("法人或其他组织\n" + col.LabelZh, "organisations:\n" + col.LabelEn);
            t3.AddColumn(new TableColumn(header).RightAligned());
        }

        foreach (var row in CellCatalog.RequestRows)
        {
            if (!row.Formats.Contains(format))
            {
                continue;
            }

            var cells = CellCatalog.RequestColumns
                .Select(col => CellCatalog.TryFind($"s3.{row.Id}.{col.Id}", format, out var def) ? f[def.Id] : null)
                .ToList();
            if (row.Id == "other_handling.total" && format == ReportFormat.V2021 && cells.All(c => c is null))
            {
                continue;
            }

            t3.AddRow([new Text(ctx.T(row.LabelZh, row.LabelEn)), .. cells.Select(v => (IRenderable)new Text(Value(v)))]);
        }

        yield return t3;

        var t4 = new Table().Title(ctx.T("四、政府信息公开行政复议、行政诉讼情况", "IV. Reconsideration and litigation"))
            .AddColumn(ctx.T("类别", "Group"));
        foreach (var col in CellCatalog.ReviewColumns)
        {
            t4.AddColumn(new TableColumn(ctx.T(col.LabelZh, col.LabelEn)).RightAligned());
        }

        foreach (var group in CellCatalog.ReviewGroups)
        {
            var cells = CellCatalog.ReviewColumns.Select(col => (IRenderable)new Text(Value(f[CellCatalog.Get($"s4.{group.Id}.{col.Id}", format)])));
            t4.AddRow([new Text(ctx.T(group.LabelZh, group.LabelEn)), .. cells]);
        }

        yield return t4;

        if (CellCatalog.ForFormat(format).Any(c => c.Section is Sections.S1Overview or Sections.S6Other && f.IsReported(c.Id)))
        {
            yield return Sectional(ctx, f, format, Sections.S1Overview | Sections.S6Other, ctx.T("一、六 结构化数据", "I and VI: structured figures"));
        }
    }

    /// <summary>Row label, column label, value; the row label only on a row's first line.</summary>
    private static Table Sectional(CliContext ctx, Figures f, ReportFormat format, Sections sections, string title)
    {
        var table = new Table().Title(title)
            .AddColumn(ctx.T("信息内容", "Item"))
            .AddColumn(ctx.T("栏目", "Column"))
            .AddColumn(new TableColumn(ctx.T("数值", "Value")).RightAligned());
        string? previous = null;
        foreach (var cell in CellCatalog.ForFormat(format).Where(c => (c.Section & sections) != 0))
        {
            var rowLabel = ctx.T(cell.RowLabelZh, cell.RowLabelEn);
            table.AddRow(new Text(rowLabel == previous ? "" : rowLabel), new Text(ctx.T(cell.ColumnLabelZh, cell.ColumnLabelEn)), new Text(Value(f[cell.Id])));
            previous = rowLabel;
        }

        return table;
    }

    private static string Value(decimal? v) => v is { } x ? ExactDecimal.Format(x) : Render.NotReported;

    private static IRenderable Coverage(CliContext ctx, Rollup rollup)
    {
        var counted = rollup.Contributing.Count;
        var partial = rollup.Coverage.Where(c => c.ReportingUnits < counted).OrderBy(c => c.ReportingUnits).ThenBy(c => c.Cell, StringComparer.Ordinal).ToList();
        var full = rollup.Coverage.Count - partial.Count;
        var summary = ctx.T(
            $"覆盖:{full} 个单元格由全部 {counted} 个计入单位填报,{partial.Count} 个单元格部分填报。",
            $"Coverage: {full} cells reported by all {counted} counted units, {partial.Count} cells partly reported.");
        if (partial.Count == 0)
        {
            return new Text(summary);
        }

        var table = new Table().Title(ctx.T("部分填报的单元格", "Partly reported cells"))
            .AddColumn(ctx.T("单元格", "Cell"))
            .AddColumn(ctx.T("名称", "Label"))
            .AddColumn(new TableColumn(ctx.T("填报单位数", "Units reporting")).RightAligned());
        foreach (var c in partial.Take(MaxCoverageRows))
        {
            var label = CellCatalog.TryFind(c.Cell, ReportFormat.V2021, out var def) || CellCatalog.TryFind(c.Cell, ReportFormat.V2019, out def)
                ? ctx.T(def.LabelZh, def.LabelEn)
                : "";
            table.AddRow(new Text(c.Cell), new Text(label), new Text($"{c.ReportingUnits}/{counted}"));
        }

        if (partial.Count > MaxCoverageRows)
        {
            table.AddRow(new Text("…"), new Text(ctx.T($"另有 {partial.Count - MaxCoverageRows} 个", $"{partial.Count - MaxCoverageRows} more")), new Text(""));
        }

        return new Rows(new Text(summary), table);
    }

    private static Table Contributing(CliContext ctx, Rollup rollup)
    {
        var table = new Table().Title(ctx.T($"计入单位({rollup.Contributing.Count})", $"Contributing units ({rollup.Contributing.Count})"))
            .AddColumn(ctx.T("单位", "Unit"))
            .AddColumn(ctx.T("来源", "Source"))
            .AddColumn(new TableColumn(ctx.T("版本", "Version")).RightAligned())
            .AddColumn(ctx.T("审核状态", "Review"));
        foreach (var c in rollup.Contributing)
        {
            table.AddRow(
                new Text(Render.UnitLabel(c.UnitId, c.UnitName)),
                new Text(Render.SourceText(ctx, c.Source)),
                new Text(c.Version.ToString(CultureInfo.InvariantCulture)),
                new Text(Render.ReviewText(ctx, c.ReviewState)));
        }

        return table;
    }

    /// <summary>
    /// Every finding stored with the contributors' counted versions (warnings included), and the units
    /// whose core checks (A3.balance, A3.results_total, A4.group_total) did not run.
    /// </summary>
    public static IEnumerable<IRenderable> ContributorFindings(CliContext ctx, IEnumerable<UnitContribution> contributing)
    {
        var units = contributing.ToList();
        var findings = units.SelectMany(u => u.Findings.Where(f => f.Kind == FindingKind.Violated).Select(f => (Unit: u, Finding: f))).ToList();
        if (findings.Count == 0)
        {
            yield return new Text(ctx.T("计入单位存储的报表没有问题。", "No findings are stored with the contributing units' reports."), new Style(Color.Green));
        }
        else
        {
            var table = new Table().Title(ctx.T($"计入单位的问题({findings.Count})", $"Findings of the contributing units ({findings.Count})"))
                .AddColumn(ctx.T("单位", "Unit"))
                .AddColumn(ctx.T("规则", "Rule"))
                .AddColumn(ctx.T("级别", "Severity"))
                .AddColumn(ctx.T("单元格", "Cells"))
                .AddColumn(new TableColumn(ctx.T("填报值", "Reported")).RightAligned())
                .AddColumn(new TableColumn(ctx.T("计算值", "Computed")).RightAligned())
                .AddColumn(ctx.T("说明", "Message"));
            foreach (var (unit, f) in findings)
            {
                var style = f.Severity == Severity.Error ? new Style(Color.Red) : new Style(Color.Yellow);
                table.AddRow(
                    new Text(Render.UnitLabel(unit.UnitId, unit.UnitName)),
                    new Text(f.RuleId, style),
                    new Text(Render.SeverityText(ctx, f.Severity), style),
                    new Text(string.Join('\n', f.Cells)),
                    new Text(f.Reported),
                    new Text(f.Computed),
                    new Text(ctx.T(f.MessageZh, f.MessageEn)));
            }

            yield return table;
        }

        var unchecked_ = units
            .Select(u => (Unit: u, Skipped: u.Findings.Where(f => f.Kind == FindingKind.NotAssessable && Aggregator.Domain.Rules.RuleCatalog.CoreRules.Contains(f.RuleId)).ToList()))
            .Where(x => x.Skipped.Count > 0)
            .ToList();
        if (unchecked_.Count > 0)
        {
            var table = new Table().Title(ctx.T($"核心校验未能完整运行的单位({unchecked_.Count})", $"Units whose core checks did not fully run ({unchecked_.Count})"))
                .AddColumn(ctx.T("单位", "Unit"))
                .AddColumn(ctx.T("规则", "Rules"))
                .AddColumn(ctx.T("未填报的单元格", "Cells not reported"));
            foreach (var (unit, skipped) in unchecked_)
            {
                table.AddRow(
                    new Text(Render.UnitLabel(unit.UnitId, unit.UnitName), new Style(Color.Yellow)),
                    new Text(string.Join('\n', skipped.Select(f => f.RuleId + " " + (f.Cells.Count > 0 ? f.Cells[0] : "")).Distinct())),
                    new Text(string.Join('\n', skipped.SelectMany(f => f.MissingCells).Distinct())));
            }

            yield return table;
        }
    }

    private static string MissingReason(CliContext ctx, string reason) => reason switch
    {
        "no_submission" => ctx.T("未报送", "no submission"),
        "returned" => ctx.T("已退回", "returned"),
        "not_accepted" => ctx.T("未审核通过", "not accepted"),
        _ => reason,
    };

    public static Table Indicators(CliContext ctx, IEnumerable<Indicator> indicators, string title)
    {
        var table = new Table().Title(title)
            .AddColumn(ctx.T("指标", "Indicator"))
            .AddColumn(new TableColumn(ctx.T("数值", "Value")).RightAligned());
        foreach (var i in indicators)
        {
            var value = i.Value is null ? Render.NotReported
                : i.Id.EndsWith("_rate", StringComparison.Ordinal) ? Render.Percent(i.Value.Value)
                : i.Value.Value;
            table.AddRow(new Text(ctx.T(i.LabelZh, i.LabelEn).Length > 0 ? ctx.T(i.LabelZh, i.LabelEn) : i.Id), new Text(value));
        }

        return table;
    }

    public static IRenderable Status(CliContext ctx, StatusSummary s)
    {
        var title = new Rule(ctx.T($"{s.UnitId} {s.Year} 年度报送情况", $"{s.UnitId} {s.Year} reporting status")).LeftJustified();
        var counts = new Table()
            .AddColumn(ctx.T("项目", "Item"))
            .AddColumn(new TableColumn(ctx.T("数量", "Count")).RightAligned());
        void Count(string zh, string en, string value, Style? style = null) => counts.AddRow(new Text(ctx.T(zh, en)), new Text(value, style ?? Style.Plain));
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        Count("应报单位", "expected", N(s.Expected));
        Count("未开始", "not started", N(s.NotStarted));
        Count("草稿", "draft", N(s.Draft));
        Count("已报送", "submitted", N(s.Submitted));
        Count("已通过", "accepted", N(s.Accepted));
        Count("已退回", "returned", N(s.Returned));
        Count("仅公开记录", "published only", N(s.Published));
        Count("逾期", "late", N(s.Late), s.Late > 0 ? new Style(Color.Red) : Style.Plain);
        Count("报送率", "reporting rate", Render.Percent(s.ReportingRate));
        Count("及时率", "timeliness rate", Render.Percent(s.TimelinessRate));

        var units = new Table()
            .AddColumn(ctx.T("单位", "Unit"))
            .AddColumn(ctx.T("状态", "Status"))
            .AddColumn(ctx.T("逾期", "Late"))
            .AddColumn(ctx.T("截止时间", "Deadline"))
            .AddColumn(ctx.T("首次完整报送", "Submitted at"))
            .AddColumn(new TableColumn(ctx.T("版本", "Version")).RightAligned())
            .AddColumn(ctx.T("核心校验未能完整运行", "Core checks not run"));
        foreach (var u in s.Units.OrderBy(u => StatusOrder(u.Status)).ThenByDescending(u => u.Late).ThenBy(u => u.UnitId, StringComparer.Ordinal))
        {
            var style = u.Late ? new Style(Color.Red) : u.Status switch
            {
                UnitStatus.Accepted => new Style(Color.Green),
                UnitStatus.Returned => new Style(Color.Yellow),
                _ => Style.Plain,
            };
            units.AddRow(
                new Text(Render.UnitLabel(u.UnitId, u.UnitName), style),
                new Text(Render.StatusText(ctx, u.Status), style),
                new Text(u.Late ? ctx.T($"逾期 {u.DaysLate} 天", $"LATE {u.DaysLate} d") : "", style),
                new Text(Render.Time(ctx, u.Deadline), style),
                new Text(Render.Time(ctx, u.SubmittedAt), style),
                new Text(u.Version == 0 ? "" : u.Version.ToString(CultureInfo.InvariantCulture), style),
                new Text(string.Join('\n', u.CoreRulesNotAssessed), new Style(Color.Yellow)));
        }

        var unchecked_ = s.Units.Count(u => u.CoreRulesNotAssessed.Count > 0);
        if (unchecked_ > 0)
        {
            return new Rows(title, counts, units, new Text(ctx.T(
                $"{unchecked_} 个单位的核心勾稽关系未能完整核验(有未填报的单元格),见上表最后一列。",
                $"{unchecked_} unit(s) have core identities that could not be fully checked (cells not reported); see the last column."), new Style(Color.Yellow)));
        }

        return new Rows(title, counts, units);
    }

    /// <summary>The year summary: one row per unit, the indicators as columns (labels of the first row).</summary>
    public static IRenderable YearSummary(CliContext ctx, GetYearSummaryResponse response, string unitId, int year)
    {
        var title = new Rule(ctx.T($"{unitId} {year} 年度汇总一览({response.Rows.Count} 个单位)", $"{unitId} {year} year summary ({response.Rows.Count} units)")).LeftJustified();
        var table = new Table()
            .AddColumn(ctx.T("单位", "Unit"))
            .AddColumn(ctx.T("状态", "Status"))
            .AddColumn(ctx.T("逾期", "Late"))
            .AddColumn(new TableColumn(ctx.T("警告", "Warnings")).RightAligned())
            .AddColumn(ctx.T("来源", "Source"));
        var indicators = response.Rows.FirstOrDefault()?.Indicators.Select(i => (i.Id, Label: ctx.T(i.LabelZh, i.LabelEn))).ToList() ?? [];
        foreach (var (id, label) in indicators)
        {
            table.AddColumn(new TableColumn(label.Length > 0 ? label : id).RightAligned());
        }

        foreach (var row in response.Rows)
        {
            var style = row.Late ? new Style(Color.Red) : Style.Plain;
            List<IRenderable> cells =
            [
                new Text(Render.UnitLabel(row.UnitId, row.UnitName), style),
                new Text(SummaryStatusText(ctx, row.Status), style),
                new Text(row.Late ? ctx.T("逾期", "LATE") : "", style),
                new Text(row.WarningCount.ToString(CultureInfo.InvariantCulture)),
                new Text(Render.SourceText(ctx, row.Source)),
            ];
            foreach (var (id, _) in indicators)
            {
                var value = row.Indicators.FirstOrDefault(i => i.Id == id)?.Value;
                cells.Add(new Text(value is null ? Render.NotReported : id.EndsWith("_rate", StringComparison.Ordinal) ? Render.Percent(value) : Render.Show(value)));
            }

            table.AddRow(cells);
        }

        return new Rows(title, table);
    }

    /// <summary>The year summary's status strings ("accepted", "not_started", …) in the output language.</summary>
    private static string SummaryStatusText(CliContext ctx, string status) => status switch
    {
        "not_started" => Render.StatusText(ctx, UnitStatus.NotStarted),
        "draft" => Render.StatusText(ctx, UnitStatus.Draft),
        "submitted" => Render.StatusText(ctx, UnitStatus.Submitted),
        "accepted" => Render.StatusText(ctx, UnitStatus.Accepted),
        "returned" => Render.StatusText(ctx, UnitStatus.Returned),
        "published" => Render.StatusText(ctx, UnitStatus.Published),
        _ => status,
    };

    private static int StatusOrder(UnitStatus s) => s switch
    {
        UnitStatus.NotStarted => 0,
        UnitStatus.Returned => 1,
        UnitStatus.Draft => 2,
        UnitStatus.Submitted => 3,
        UnitStatus.Published => 4,
        UnitStatus.Accepted => 5,
        _ => 6,
    };

    public static IRenderable Compare(CliContext ctx, CompareResponse c)
    {
        var label = ctx.T(c.LabelZh, c.LabelEn);
        var table = new Table().Title(label.Length > 0 ? $"{label} ({c.Metric})" : c.Metric)
            .AddColumn(new TableColumn(ctx.T("名次", "Rank")).RightAligned())
            .AddColumn(ctx.T("单位", "Unit"))
            .AddColumn(new TableColumn(ctx.T("数值", "Value")).RightAligned())
            .AddColumn(new TableColumn(ctx.T("占比", "Share")).RightAligned())
            .AddColumn(new TableColumn(ctx.T("与中位数差", "Δ median")).RightAligned())
            .AddColumn(new TableColumn(ctx.T("修正 z 值", "Modified z")).RightAligned())
            .AddColumn(ctx.T("异常", "Outlier"))
            .AddColumn(new TableColumn(ctx.T("上年", "Previous")).RightAligned())
            .AddColumn(new TableColumn(ctx.T("同比变化", "YoY change")).RightAligned())
            .AddColumn(new TableColumn(ctx.T("同比", "YoY %")).RightAligned())
            .AddColumn(ctx.T("来源", "Source"));
        foreach (var r in c.Rows)
        {
            var style = r.Outlier ? new Style(Color.Red) : Style.Plain;
            table.AddRow(
                new Text(r.Rank == 0 ? "" : r.Rank.ToString(CultureInfo.InvariantCulture), style),
                new Text(Render.UnitLabel(r.UnitId, r.UnitName), style),
                new Text(Render.Show(r.Value), style),
                new Text(r.Share is null ? "" : Render.Percent(r.Share), style),
                new Text(r.DiffFromMedian is null ? "" : r.DiffFromMedian.Value, style),
                new Text(r.ModifiedZ is null ? "" : r.ModifiedZ.Value, style),
                new Text(r.Outlier ? ctx.T("是", "yes") : "", style),
                new Text(r.Previous is null ? "" : r.Previous.Value, style),
                new Text(!r.YoyComparable && r.Previous is null ? "" : r.YoyChange?.Value ?? "", style),
                new Text(!r.YoyComparable ? ctx.T("不可比", "n/c") : r.YoyChangeRate is null ? "" : Render.Percent(r.YoyChangeRate), style),
                new Text(Render.SourceText(ctx, r.Source), style));
        }

        var totals = new Text(ctx.T(
            $"合计 {Render.Show(c.Total)} · 中位数 {Render.Show(c.Median)} · MAD {Render.Show(c.Mad)}",
            $"total {Render.Show(c.Total)} · median {Render.Show(c.Median)} · MAD {Render.Show(c.Mad)}"));

        var chart = new BarChart().Width(70).Label(label.Length > 0 ? label : c.Metric);
        var palette = new[] { Color.SteelBlue, Color.Teal, Color.Olive, Color.Purple, Color.Orange3, Color.Grey };
        var i = 0;
        foreach (var r in c.Rows)
        {
            if (r.Value is { } v && double.TryParse(v.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var d))
            {
                chart.AddItem(r.UnitName.Length > 0 ? r.UnitName : r.UnitId, d, r.Outlier ? Color.Red : palette[i++ % palette.Length]);
            }
        }

        var parts = new List<IRenderable> { table, totals };
        parts.AddRange(RegionNotes(ctx, c.Rows.SelectMany(r => r.RegionNotes)));
        if (c.Rows.Any(r => !r.YoyComparable))
        {
            parts.Add(new Text(ctx.T(
                "不可比:上年采用另一种报表格式,该指标含义不同(表二在 2021 年格式中改变了含义),故不计算同比。",
                "n/c = not comparable: last year used the other report format, in which this metric means something else (table 二 changed meaning in 2021), so no year-over-year change is computed."), new Style(Color.Grey)));
        }

        parts.Add(chart);
        return new Rows(parts);
    }

    /// <summary>The region changes (区划调整) behind figures of a past year, one line each: "区划调整 unit: note".</summary>
    private static IEnumerable<IRenderable> RegionNotes(CliContext ctx, IEnumerable<RegionNote> notes) =>
        notes.Select(n => new Text(ctx.T($"区划调整 {n.UnitId}:{n.TextZh}", $"Region change {n.UnitId}: {n.TextEn}"), new Style(Color.Yellow)));
}
