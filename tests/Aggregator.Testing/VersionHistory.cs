using Aggregator.Contracts.V1;
using Grpc.Core;

namespace Aggregator.Testing;

/// <summary>ListVersions is paged (at most 1000 a page): the whole history of a unit-year, every page read.</summary>
public static class VersionHistory
{
    /// <summary>Every version and review of the unit-year, as one response (the review state of the last page).</summary>
    public static async Task<ListVersionsResponse> ListAllVersionsAsync(this SubmissionService.SubmissionServiceClient client, string unitId, int year, CallOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        var all = new ListVersionsResponse();
        var token = "";
        do
        {
            var page = await client.ListVersionsAsync(new ListVersionsRequest { UnitId = unitId, Year = year, PageSize = 1000, PageToken = token }, options);
            all.Versions.AddRange(page.Versions);
            all.Reviews.AddRange(page.Reviews);
            all.ReviewState = page.ReviewState;
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return all;
    }
}
