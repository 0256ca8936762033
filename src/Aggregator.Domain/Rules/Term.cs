using System.Collections.Immutable;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Text;

namespace Aggregator.Domain.Rules;

/// <summary>A signed operand of a linear rule.</summary>
public sealed record Term(Operand Operand, int Sign = 1);
