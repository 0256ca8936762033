using Aggregator.Domain;
using Grpc.Core;

namespace Aggregator.Server.Internal;

/// <summary>The year of a request: INVALID_ARGUMENT outside <see cref="ReportYear.Min"/>..<see cref="ReportYear.Max"/>.</summary>
internal static class RequestYear
{
    public static ReportYear Parse(int year) => ReportYear.IsValid(year)
        ? new ReportYear(year)
        : throw new RpcException(new Status(StatusCode.InvalidArgument, $"year {year} is outside {ReportYear.Min}..{ReportYear.Max}."));
}
