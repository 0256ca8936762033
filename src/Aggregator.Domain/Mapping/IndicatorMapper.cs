using Aggregator.Domain.Analysis;
using Aggregator.Domain.Cells;
using Contract = Aggregator.Contracts.V1;
using DomainRules = Aggregator.Domain.Rules;

namespace Aggregator.Domain.Mapping;

/// <summary>The domain's indicator values in the contract.</summary>
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
