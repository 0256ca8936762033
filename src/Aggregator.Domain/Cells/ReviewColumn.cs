using System.Collections.Frozen;
using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Domain.Cells;

/// <summary>One column of table 四.</summary>
public sealed record ReviewColumn(string Id, string LabelZh, string LabelEn, Func<ReviewGroup, long?> Get, Action<ReviewGroup, long?> Set);
