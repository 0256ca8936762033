using System.Collections.Frozen;
using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Domain.Cells;

/// <summary>One row of table 三.</summary>
/// <param name="LabelZh">The short label of messages and the console (e.g. 三(三)1.属于国家秘密).</param>
/// <param name="Printed">The row's header as the national template prints it.</param>
public sealed record RequestRowDefinition(string Id, string LabelZh, string LabelEn, FormatSet Formats, Func<RequestHandling, RequestRow?> Get, Action<RequestHandling, RequestRow> Set, PrintedRowHeader Printed);
