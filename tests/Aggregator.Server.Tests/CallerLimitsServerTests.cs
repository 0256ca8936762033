using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;

namespace Aggregator.Server.Tests;

/// <summary>
/// Per-caller limits (issue 20.8): open streams and watches per caller unit, unary reads and
/// reviews/backfills per caller unit, each refused with RESOURCE_EXHAUSTED naming the setting.
/// </summary>
public sealed class CallerLimitsServerTests
{
    [Fact]
    public async Task Watches_OverTheCallersMaximum_ResourceExhaustedOtherCallersUnaffected()
    {
        await using var server = await StartAsync(new() { ["Aggregator:Limits:MaxStreamsPerCaller"] = "2" });
        var status = new StatusService.StatusServiceClient(server.Channel);
        using var cts = new CancellationTokenSource();
        var city = server.As("4208", Roles.City).WithCancellationToken(cts.Token);

        using var first = status.WatchStatus(new WatchStatusRequest { UnitId = "4208", Year = 2021 }, city);
        using var second = status.WatchStatus(new WatchStatusRequest { UnitId = "4208", Year = 2021 }, city);
        Assert.True(await first.ResponseStream.MoveNext());
        Assert.True(await second.ResponseStream.MoveNext());
        using var third = status.WatchStatus(new WatchStatusRequest { UnitId = "4208", Year = 2021 }, city);
        var refused = await Assert.ThrowsAsync<RpcException>(() => third.ResponseStream.MoveNext());
        using var stream = new SubmissionService.SubmissionServiceClient(server.Channel).SubmitStream(server.As("4208", Roles.City));
        var streamRefused = await Assert.ThrowsAsync<RpcException>(() => stream.ResponseStream.MoveNext());
        using var province = status.WatchStatus(new WatchStatusRequest { UnitId = "42", Year = 2021 }, server.As("42", Roles.Province).WithCancellationToken(cts.Token));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("MaxStreamsPerCaller", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.ResourceExhausted, streamRefused.StatusCode);
        Assert.True(await province.ResponseStream.MoveNext(), "another caller unit has its own streams");
        await cts.CancelAsync();
    }

    [Fact]
    public async Task Reads_OverTheCallersRate_ResourceExhaustedOtherCallersUnaffected()
    {
        await using var server = await StartAsync(new() { ["Aggregator:Limits:ReadsPerSecond"] = "1", ["Aggregator:Limits:ReadBurst"] = "3" });
        var registry = new RegistryService.RegistryServiceClient(server.Channel);
        var district = server.As("420802", Roles.District);

        var codes = new List<StatusCode>();
        for (var i = 0; i < 12; i++)
        {
            codes.Add(await CodeOfAsync(() => registry.GetUnitAsync(new GetUnitRequest(), district).ResponseAsync));
        }

        var exhausted = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                await new QueryService.QueryServiceClient(server.Channel).GetRollupAsync(new GetRollupRequest { UnitId = "420802", Year = 2021 }, district);
            }
        });
        var other = await registry.GetUnitAsync(new GetUnitRequest(), server.As("420804", Roles.District));

        Assert.Equal(StatusCode.OK, codes[0]);
        Assert.Contains(StatusCode.ResourceExhausted, codes);
        Assert.Equal(StatusCode.ResourceExhausted, exhausted.StatusCode);
        Assert.Contains("ReadsPerSecond", exhausted.Status.Detail, StringComparison.Ordinal);
        Assert.Equal("420804", other.Unit.Id);
    }

    [Fact]
    public async Task Reviews_OverTheCallersRate_ResourceExhausted()
    {
        await using var server = await StartAsync(new() { ["Aggregator:Limits:ReviewsAndBackfillsPerSecond"] = "1", ["Aggregator:Limits:ReviewAndBackfillBurst"] = "2" });
        var city = server.As("4208", Roles.City);

        var codes = new List<StatusCode>();
        for (var i = 0; i < 12; i++)
        {
            // Nothing is submitted: an allowed review fails on the store's answer, a limited one before.
            codes.Add(await CodeOfAsync(() => new SubmissionService.SubmissionServiceClient(server.Channel).ReviewSubmissionAsync(
                new ReviewSubmissionRequest { UnitId = "420802", Year = 2021, Decision = ReviewDecision.Accept, Version = 1 }, city).ResponseAsync));
        }

        Assert.NotEqual(StatusCode.ResourceExhausted, codes[0]);
        Assert.Contains(StatusCode.ResourceExhausted, codes);
    }

    private static async Task<StatusCode> CodeOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static Task<AggregatorTestServer> StartAsync(Dictionary<string, string?> settings) =>
        AggregatorTestServer.StartAsync(new AggregatorTestServerOptions { DirectoryPrefix = "agg-limits-", Settings = settings });
}
