using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Security;
using Aggregator.Testing;
using Google.Rpc;
using Grpc.Core;

namespace Aggregator.Server.Tests;

/// <summary>The server's defaults (Limits:MaxYearsAhead 1): a report about the year after next is refused, next year's is accepted.</summary>
public sealed class ReportYearServerTests
{
    [Fact]
    public async Task Submit_YearAfterNextYearInShanghai_InvalidArgumentNamingYear_NextYearAccepted()
    {
        await using var server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions { MaxYearsAhead = null });
        var submissions = new SubmissionService.SubmissionServiceClient(server.Channel);
        var latest = ReportYear.LatestAt(DateTimeOffset.UtcNow);

        var e = await Assert.ThrowsAsync<RpcException>(() => submissions.SubmitAsync(
            new SubmitRequest { Report = TestReports.Zhanghe2021("420802", latest + 1), IdempotencyKey = "too-late" }, server.As("420802", Roles.District)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        var violation = Assert.Single(e.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("year", violation.Field);
        Assert.Contains((latest + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), violation.Description, StringComparison.Ordinal);
        var ok = await submissions.SubmitAsync(
            new SubmitRequest { Report = TestReports.Zhanghe2021("420802", latest), IdempotencyKey = "next-year" }, server.As("420802", Roles.District));
        Assert.Equal(AckOutcome.Accepted, ok.Acknowledgement.Outcome);
    }
}
