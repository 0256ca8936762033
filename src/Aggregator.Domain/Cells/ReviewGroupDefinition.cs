using System.Collections.Frozen;
using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Domain.Cells;

/// <summary>One group of table 四.</summary>
public sealed record ReviewGroupDefinition(string Id, string LabelZh, string LabelEn, Func<ReviewLitigation, ReviewGroup?> Get, Action<ReviewLitigation, ReviewGroup> Set);
