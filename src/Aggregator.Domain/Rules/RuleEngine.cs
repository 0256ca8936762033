using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;
using M = Aggregator.Domain.Text.Messages.Rules;

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
                var message = M.Negative(Label(def), Finding.Show(value));
                findings.Add(new Finding(RuleCatalog.NonNegative, Severity.Error, FindingKind.Violated, [def.Path], Finding.Show(value), "0", message.Zh, message.En));
            }

            if (Math.Abs(value) > RuleCatalog.MaxValue)
            {
                var message = M.OutOfRange(Label(def), Finding.Show(RuleCatalog.MaxValue), Finding.Show(value));
                findings.Add(new Finding(RuleCatalog.Range, Severity.Error, FindingKind.Violated, [def.Path], Finding.Show(value), Finding.Show(RuleCatalog.MaxValue), message.Zh, message.En));
            }

            if (value.Scale > def.MaxScale && decimal.Round(value, def.MaxScale) != value)
            {
                var requirement = def.Kind == CellKind.MoneyWanYuan ? M.AtMostSixDecimals : def.IsMoney ? M.AtMostTwoDecimals : M.WholeNumber;
                var message = M.TooPrecise(Label(def), requirement, Finding.Show(value));
                findings.Add(new Finding(RuleCatalog.Precision, Severity.Error, FindingKind.Violated, [def.Path], Finding.Show(value), Finding.Show(decimal.Round(value, def.MaxScale)), message.Zh, message.En));
            }
        }
    }

    /// <summary>
    /// A check that did not run is never silent: one A.core_not_assessed warning per core identity not
    /// fully assessable in some column, one A.partial_check warning per other rule checked only partly.
    /// </summary>
    private static void WarnAboutSkippedChecks(ImmutableArray<Finding>.Builder findings)
    {
        var anySkipped = false;
        for (var i = 0; i < findings.Count && !anySkipped; i++)
        {
            anySkipped = findings[i].Kind == FindingKind.NotAssessable;
        }

        if (!anySkipped)
        {
            return;
        }

        var skipped = findings.Where(f => f.Kind == FindingKind.NotAssessable).ToList();
        foreach (var group in skipped.Where(f => f.PartiallyChecked && !RuleCatalog.CoreRules.Contains(f.RuleId)).GroupBy(f => f.RuleId, StringComparer.Ordinal))
        {
            findings.Add(SkippedWarning(RuleCatalog.PartialCheck, group, (where, missing) => M.PartialCheck(group.Key, where, missing)));
        }

        foreach (var group in skipped.Where(f => RuleCatalog.CoreRules.Contains(f.RuleId)).GroupBy(f => f.RuleId, StringComparer.Ordinal))
        {
            var partly = group.All(f => f.PartiallyChecked);
            findings.Add(SkippedWarning(RuleCatalog.CoreNotAssessed, group, (where, missing) => M.CoreNotAssessed(group.Key, where, missing, partly)));
        }
    }

    private static Finding SkippedWarning(string ruleId, IGrouping<string, Finding> group, Func<string, string, LocalizedText> text)
    {
        var anchors = group.Select(f => f.Cells.IsDefaultOrEmpty ? group.Key : f.Cells[0]).Distinct().ToImmutableArray();
        var missing = group.SelectMany(f => f.Missing).Distinct().ToImmutableArray();
        var where = string.Join("、", anchors);
        var what = string.Join("、", missing);
        var message = text(where, what);
        return new Finding(ruleId, Severity.Warning, FindingKind.Violated, [.. anchors, .. missing.Except(anchors)], "", "", message.Zh, message.En)
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
            var skipped = M.BreakdownNotAssessable(missing);
            findings.Add(new Finding(RuleCatalog.Breakdown, Severity.Warning, FindingKind.NotAssessable, cells, Finding.Show(total), Finding.Show(sum), skipped.Zh, skipped.En)
            {
                Missing = missing,
            });
            return;
        }

        if (total != sum)
        {
            var message = M.BreakdownMismatch(Finding.Show(total), Finding.Show(sum));
            findings.Add(new Finding(RuleCatalog.Breakdown, Severity.Warning, FindingKind.Violated, cells, Finding.Show(total), Finding.Show(sum), message.Zh, message.En));
        }
    }

    private static LocalizedText Label(CellDefinition def) => new(def.LabelZh, def.LabelEn);
}
