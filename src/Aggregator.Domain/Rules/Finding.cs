using System.Collections.Immutable;
using Aggregator.Domain.Cells;

namespace Aggregator.Domain.Rules;

/// <summary>
/// One result of the rule engine: which rule, which cells, the values on both sides and a message
/// in Chinese and English. <see cref="Cells"/> are cell paths; the first is the anchor cell.
/// </summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    FindingKind Kind,
    ImmutableArray<string> Cells,
    string Reported,
    string Computed,
    string MessageZh,
    string MessageEn)
{
    /// <summary>For a check that could not be assessed: the cells that were needed but not reported.</summary>
    public ImmutableArray<string> Missing { get; init; } = [];

    /// <summary>
    /// True when a sum could not be checked exactly because a part is missing, but the parts reported
    /// were checked against the printed total (they cannot exceed it).
    /// </summary>
    public bool PartiallyChecked { get; init; }

    public bool IsError => Kind == FindingKind.Violated && Severity == Severity.Error;

    public bool IsWarning => Kind == FindingKind.Violated && Severity == Severity.Warning;

    public static string Show(decimal? value) => value is { } v ? ExactDecimal.Format(v) : "";
}
