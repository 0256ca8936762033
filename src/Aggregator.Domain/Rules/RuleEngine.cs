using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Rules;

/// <summary>
/// Runs every rule of <see cref="RuleCatalog"/> over a report (and, for cross-year rules, the
/// previous year's report of the same unit). Only the sections present are checked.
/// </summary>
public static class RuleEngine
{
    public static ValidationResult Evaluate(AnnualReport report, AnnualReport? previous = null)
    {
        var findings = ImmutableArray.CreateBuilder<Finding>();
        CheckValues(report, findings);

        foreach (var rule in RuleCatalog.LinearRules)
        {
            if ((report.Present & rule.Section) == 0 || !rule.Formats.Contains(report.Format))
            {
                continue;
            }

            var usable = previous is not null && (previous.Present & rule.Section) != 0 ? previous : null;
            if (rule.Evaluate(report, usable) is { } finding)
            {
                findings.Add(finding);
            }
        }

        if ((report.Present & Sections.S1Overview) != 0 && report.HasBreakdown)
        {
            CheckBreakdown(report, findings);
        }

        WarnAboutSkippedChecks(findings);
        return new ValidationResult(findings.ToImmutable());
    }

    /// <summary>A.non_negative, A.precision, A.range: each reported value on its own.</summary>
    private static void CheckValues(AnnualReport report, ImmutableArray<Finding>.Builder findings)
    {
        foreach (var (cell, value) in report.Figures)
        {
            var def = cell.Definition;
            if ((report.Present & def.Section) == 0)
            {
                continue;
            }

            if (value < 0 && def.Kind != CellKind.SignedCount)
            {
                findings.Add(new Finding(RuleCatalog.NonNegative, Severity.Error, FindingKind.Violated, [def.Path], Finding.Show(value), "0",
                    $"「{def.LabelZh}」不得为负数:填报 {Finding.Show(value)}", $"'{def.LabelEn}' must not be negative: reported {Finding.Show(value)}"));
            }

            if (Math.Abs(value) > RuleCatalog.MaxValue)
            {
                findings.Add(new Finding(RuleCatalog.Range, Severity.Error, FindingKind.Violated, [def.Path], Finding.Show(value), Finding.Show(RuleCatalog.MaxValue),
                    $"「{def.LabelZh}」超出合理范围(绝对值不超过 {RuleCatalog.MaxValue:0}):填报 {Finding.Show(value)}",
                    $"'{def.LabelEn}' is out of range (at most {RuleCatalog.MaxValue:0} in absolute value): reported {Finding.Show(value)}"));
            }

            if (value.Scale > def.MaxScale && decimal.Round(value, def.MaxScale) != value)
            {
                var unitZh = def.Kind == CellKind.MoneyWanYuan ? "万元金额至多6位小数" : def.IsMoney ? "元金额至多2位小数" : "应为整数";
                var unitEn = def.Kind == CellKind.MoneyWanYuan ? "amounts in 万元 have at most 6 decimals" : def.IsMoney ? "amounts in yuan have at most 2 decimals" : "must be a whole number";
                findings.Add(new Finding(RuleCatalog.Precision, Severity.Error, FindingKind.Violated, [def.Path], Finding.Show(value), Finding.Show(decimal.Round(value, def.MaxScale)),
                    $"「{def.LabelZh}」{unitZh}:填报 {Finding.Show(value)}", $"'{def.LabelEn}': {unitEn}: reported {Finding.Show(value)}"));
            }
        }
    }

    /// <summary>
    /// A check that did not run is never silent: one A.core_not_assessed warning per core identity not
    /// fully assessable in some column, one A.partial_check warning per other rule checked only partly.
    /// </summary>
    private static void WarnAboutSkippedChecks(ImmutableArray<Finding>.Builder findings)
    {
        var skipped = findings.Where(f => f.Kind == FindingKind.NotAssessable).ToList();
        foreach (var group in skipped.Where(f => f.PartiallyChecked && !RuleCatalog.CoreRules.Contains(f.RuleId)).GroupBy(f => f.RuleId, StringComparer.Ordinal))
        {
            findings.Add(SkippedWarning(RuleCatalog.PartialCheck, group,
                (where, missing) => $"{group.Key} 仅部分核验({where}):未填报 {missing};已填报的各项之和未超过总数",
                (where, missing) => $"{group.Key} was checked only partly ({where}): {missing} not reported; the parts reported do not exceed the total"));
        }

        foreach (var group in skipped.Where(f => RuleCatalog.CoreRules.Contains(f.RuleId)).GroupBy(f => f.RuleId, StringComparer.Ordinal))
        {
            var partly = group.All(f => f.PartiallyChecked);
            findings.Add(SkippedWarning(RuleCatalog.CoreNotAssessed, group,
                (where, missing) => $"核心勾稽关系 {group.Key} 无法完整核验({where}):未填报 {missing}" + (partly ? ";已填报的各项之和未超过总数" : ""),
                (where, missing) => $"Core identity {group.Key} could not be fully checked ({where}): {missing} not reported" + (partly ? "; the parts reported do not exceed the total" : "")));
        }
    }

    private static Finding SkippedWarning(string ruleId, IGrouping<string, Finding> group, Func<string, string, string> zh, Func<string, string, string> en)
    {
        var anchors = group.Select(f => f.Cells.IsDefaultOrEmpty ? group.Key : f.Cells[0]).Distinct().ToImmutableArray();
        var missing = group.SelectMany(f => f.Missing).Distinct().ToImmutableArray();
        var where = string.Join("、", anchors);
        var what = string.Join("、", missing);
        return new Finding(ruleId, Severity.Warning, FindingKind.Violated, [.. anchors, .. missing.Except(anchors)], "", "", zh(where, what), en(where, what))
        {
            Missing = missing,
            PartiallyChecked = group.All(f => f.PartiallyChecked),
        };
    }

    /// <summary>N1: the structured breakdown sums to the stated total.</summary>
    private static void CheckBreakdown(AnnualReport report, ImmutableArray<Finding>.Builder findings)
    {
        var stated = CellCatalog.Get("s1.breakdown.stated_total");
        var cells = ImmutableArray.Create(stated.Path, "s1.breakdown.categories");
        var total = report.Figures[stated];
        decimal? sum = report.Breakdown.All(c => c.Count is not null) ? report.Breakdown.Sum(c => (decimal)c.Count!.Value) : null;
        if (total is null || sum is null)
        {
            ImmutableArray<string> missing = total is null ? [stated.Path] : ["s1.breakdown.categories"];
            findings.Add(new Finding(RuleCatalog.Breakdown, Severity.Warning, FindingKind.NotAssessable, cells, Finding.Show(total), Finding.Show(sum),
                $"无法核验:主动公开分类之和与所述总数(未填报:{string.Join("、", missing)})", $"Not assessable: breakdown vs stated total (not reported: {string.Join(", ", missing)})")
            {
                Missing = missing,
            });
            return;
        }

        if (total != sum)
        {
            findings.Add(new Finding(RuleCatalog.Breakdown, Severity.Warning, FindingKind.Violated, cells, Finding.Show(total), Finding.Show(sum),
                $"主动公开政府信息总数为 {Finding.Show(total)} 条,但分类之和为 {Finding.Show(sum)} 条",
                $"Stated proactive disclosure total is {Finding.Show(total)} but the categories sum to {Finding.Show(sum)}"));
        }
    }
}
