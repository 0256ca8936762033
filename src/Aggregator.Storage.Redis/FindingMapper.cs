using Contract = Aggregator.Contracts.V1;
using DomainRules = Aggregator.Domain.Rules;

namespace Aggregator.Storage.Redis;

/// <summary>Maps the domain's findings to the contract's.</summary>
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
        };
        if (!finding.Cells.IsDefaultOrEmpty)
        {
            f.Cells.AddRange(finding.Cells);
        }

        return f;
    }

    public static IEnumerable<Contract.Finding> ToProto(IEnumerable<DomainRules.Finding> findings) => findings.Select(ToProto);
}
