using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Contract = Aggregator.Contracts.V1;
using DomainRules = Aggregator.Domain.Rules;

namespace Aggregator.Domain.Mapping;

/// <summary>The domain's findings in the contract.</summary>
public static class FindingMapper
{
    public static Contract.Finding ToProto(DomainRules.Finding finding)
    {
        var f = new Contract.Finding
        {
            RuleId = finding.RuleId,
            Severity = finding.Severity == DomainRules.Severity.Error ? Contract.Severity.Error : Contract.Severity.Warning,
            Kind = finding.Kind == DomainRules.FindingKind.Violated ? Contract.FindingKind.Violated : Contract.FindingKind.NotAssessable,
            Reported = finding.Reported,
            Computed = finding.Computed,
            MessageZh = finding.MessageZh,
            MessageEn = finding.MessageEn,
            PartiallyChecked = finding.PartiallyChecked,
        };
        if (!finding.Missing.IsDefaultOrEmpty)
        {
            f.MissingCells.AddRange(finding.Missing);
        }

        if (!finding.Cells.IsDefaultOrEmpty)
        {
            f.Cells.AddRange(finding.Cells);
        }

        return f;
    }

    public static IEnumerable<Contract.Finding> ToProto(IEnumerable<DomainRules.Finding> findings) => findings.Select(ToProto);
}
