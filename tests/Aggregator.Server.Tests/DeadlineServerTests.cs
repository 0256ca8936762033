using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Aggregator.Server.Tests;

/// <summary>The server on a clock the test moves (every clock goes through <see cref="TimeProvider"/>).</summary>
public sealed class FakeClockServerFixture : ServerFixture
{
    /// <summary>2022-03-01 in Shanghai: before the governments' deadline for the 2021 reports (2022-03-31, end of day).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2022, 3, 1, 0, 0, 0, TimeSpan.FromHours(8)));

    protected override bool UseRedisServer => false;

    protected override void ConfigureBuilder(WebApplicationBuilder builder) => builder.Services.AddSingleton<TimeProvider>(Clock);
}

public sealed class DeadlineServerTests(FakeClockServerFixture fixture) : IClassFixture<FakeClockServerFixture>
{
    [Fact]
    public async Task Status_BeforeAndAfterTheDeadline_OnTimeThenLateAndMissing()
    {
        const int year = 2021;
        var city = fixture.As("4208", Roles.City);
        var status = new StatusService.StatusServiceClient(fixture.Channel);
        var report = SyntheticReports.Create(new UnitId("420804"), new ReportYear(year), new Random(5));
        await fixture.Submissions.SubmitAsync(new SubmitRequest { Report = ReportMapper.ToProto(report), IdempotencyKey = "on-time" }, fixture.As("420804", Roles.District));

        var before = (await status.GetStatusAsync(new GetStatusRequest { UnitId = "4208", Year = year }, city)).Summary;

        Assert.Equal(0, before.Late);
        Assert.Equal("0.125", before.TimelinessRate);
        var entry = before.Units.Single(u => u.UnitId == "420804");
        Assert.Equal(new DateTimeOffset(2022, 3, 31, 16, 0, 0, TimeSpan.Zero), entry.Deadline.ToDateTimeOffset());
        Assert.Equal(fixture.Clock.GetUtcNow(), entry.SubmittedAt.ToDateTimeOffset());

        fixture.Clock.Advance(TimeSpan.FromDays(31) + TimeSpan.FromMinutes(1)); // 2022-04-01 00:01 in Shanghai: the deadline has passed.
        await fixture.Submissions.SubmitAsync(
            new SubmitRequest { Report = ReportMapper.ToProto(report with { Unit = new UnitId("420802") }), IdempotencyKey = "late" },
            fixture.As("420802", Roles.District));
        var after = (await status.GetStatusAsync(new GetStatusRequest { UnitId = "4208", Year = year }, city)).Summary;

        Assert.False(after.Units.Single(u => u.UnitId == "420804").Late);
        Assert.True(after.Units.Single(u => u.UnitId == "420802").Late);
        Assert.Equal(UnitStatus.Submitted, after.Units.Single(u => u.UnitId == "420802").Status);
        Assert.Equal(7, after.Late); // 1 submitted late + 6 missing
        Assert.Equal("0.25", after.ReportingRate);
        Assert.Equal("0.125", after.TimelinessRate);
    }
}
