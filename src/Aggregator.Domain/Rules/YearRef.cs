using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Rules;

/// <summary>Which report an operand reads: this year's or the previous year's.</summary>
public enum YearRef
{
    Current,
    Previous,
}
