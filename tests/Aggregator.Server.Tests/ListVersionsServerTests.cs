using Aggregator.Contracts.V1;
using Aggregator.Security;
using Google.Rpc;
using Grpc.Core;

namespace Aggregator.Server.Tests;

/// <summary>ListVersions a page at a time (AIP-158): sizes, tokens, and tokens that do not fit.</summary>
[Collection("garnet-server-e2e")]
public sealed class ListVersionsServerTests(GarnetServerFixture fixture)
{
    private const string Unit = "420882";
    private const int Year = 2025;

    [Fact]
    public async Task ListVersions_PagesOfTwo_ConcatenateToTheWholeHistory_ReviewsOnTheirVersionsPage()
    {
        var district = fixture.As(Unit, Roles.District);
        var city = fixture.As("4208", Roles.City);
        for (var i = 0; i < 5; i++)
        {
            var ack = (await fixture.Submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021(Unit, Year), IdempotencyKey = "page" + i }, district)).Acknowledgement;
            Assert.Equal(AckOutcome.Accepted, ack.Outcome);
            if (i == 1)
            {
                await fixture.Submissions.ReviewSubmissionAsync(new ReviewSubmissionRequest { UnitId = Unit, Year = Year, Version = 2, Decision = ReviewDecision.Return, Reason = "fix" }, city);
            }
        }

        var whole = await fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = Unit, Year = Year }, city);
        var pages = new List<ListVersionsResponse>();
        var token = "";
        do
        {
            var page = await fixture.Submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = Unit, Year = Year, PageSize = 2, PageToken = token }, city);
            pages.Add(page);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], whole.Versions.Select(v => v.Version));
        Assert.Equal("", whole.NextPageToken);
        Assert.Equal([2, 2, 1], pages.Select(p => p.Versions.Count));
        Assert.Equal(whole.Versions, pages.SelectMany(p => p.Versions));
        Assert.Equal([1, 0, 0], pages.Select(p => p.Reviews.Count));
        Assert.Equal(2, pages[0].Reviews[0].Version);
    }

    [Theory]
    [InlineData(-1, "", "page_size")]
    [InlineData(0, "not a token!", "page_token")]
    [InlineData(0, "djF8NDIwODgyfDIwMjR8Mg", "page_token")] // v1|420882|2024|2: another year
    public async Task ListVersions_BadPageSizeOrForeignToken_InvalidArgumentNamingTheField(int size, string token, string field)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => fixture.Submissions.ListVersionsAsync(
            new ListVersionsRequest { UnitId = Unit, Year = Year, PageSize = size, PageToken = token }, fixture.As("42", Roles.Admin)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.Equal([field], ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations.Select(v => v.Field));
    }
}
