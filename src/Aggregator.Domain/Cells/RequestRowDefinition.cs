using System.Collections.Frozen;
using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Domain.Cells;

/// <summary>One row of table 三.</summary>
public sealed record RequestRowDefinition(string Id, string LabelZh, string LabelEn, FormatSet Formats, Func<RequestHandling, RequestRow?> Get, Action<RequestHandling, RequestRow> Set);
