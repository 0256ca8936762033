using System.Collections.Frozen;
using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Domain.Cells;

/// <summary>One column of table 三.</summary>
public sealed record RequestColumn(string Id, string LabelZh, string LabelEn, Func<RequestRow, long?> Get, Action<RequestRow, long?> Set);
