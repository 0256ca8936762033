using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Rules;
using Aggregator.Domain.Text;
using Contract = Aggregator.Contracts.V1;
using M = Aggregator.Domain.Text.Messages.Rules;

namespace Aggregator.Domain.Mapping;

/// <summary>The outcome of reading a contract message: the domain report, or what is wrong with the message.</summary>
public sealed record MappingResult(AnnualReport? Report, ImmutableArray<Finding> Errors)
{
    public bool Success => Report is not null && Errors.IsEmpty;
}
