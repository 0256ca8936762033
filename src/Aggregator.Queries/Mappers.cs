using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Contract = Aggregator.Contracts.V1;
using DomainRules = Aggregator.Domain.Rules;

namespace Aggregator.Queries;

/// <summary>Domain findings to the contract.</summary>
public static class FindingMapper
{
    public static Contract.Finding ToProto(DomainRules.Finding f)
    {
        var pb = new Contract.Finding
        {
            RuleId = f.RuleId,
            Severity = f.Severity == DomainRules.Severity.Error ? Contract.Severity.Error : Contract.Severity.Warning,
            Kind = f.Kind == DomainRules.FindingKind.Violated ? Contract.FindingKind.Violated : Contract.FindingKind.NotAssessable,
            Reported = f.Reported,
            Computed = f.Computed,
            MessageZh = f.MessageZh,
            MessageEn = f.MessageEn,
        };
        pb.Cells.AddRange(f.Cells);
        return pb;
    }
}

/// <summary>Domain indicators to the contract.</summary>
public static class IndicatorMapper
{
    public static Contract.Indicator ToProto(IndicatorValue v)
    {
        var pb = new Contract.Indicator { Id = v.Definition.Id, LabelZh = v.Definition.LabelZh, LabelEn = v.Definition.LabelEn };
        if (v.Value is { } value)
        {
            pb.Value = new Contract.Decimal { Value = ExactDecimal.Format(value) };
        }

        return pb;
    }
}
