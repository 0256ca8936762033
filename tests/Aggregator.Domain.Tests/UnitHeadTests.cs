using Aggregator.Contracts.V1;
using Aggregator.Domain.UnitYears;

namespace Aggregator.Domain.Tests;

/// <summary>The head record kept per unit-year in the store: its text form, and the shorter forms written before.</summary>
public sealed class UnitHeadTests
{
    private static readonly DateTimeOffset s_at = DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_123);

    [Fact]
    public void Format_ThenParse_GivesTheSameHead()
    {
        var head = UnitHead.Empty with
        {
            SubmissionVersion = 7,
            PublishedVersion = 5,
            ReviewState = ReviewState.Returned,
            Sections = Sections.S2Proactive | Sections.S3Requests,
            Complete = true,
            FirstCompleteAt = s_at,
            LastSubmittedAt = s_at.AddDays(3),
            WarningCount = 2,
            ReviewedVersion = 6,
            ReviewReason = "三(一) 与上年结转不符|请核对",
            PublishedFindingCount = 4,
            SubmissionCoreNotAssessed = "B.total,C.results",
            PublishedCoreNotAssessed = "B.total",
        };

        var text = head.Format();
        var parsed = UnitHead.Parse(text);

        Assert.Equal("7|5|" + (int)ReviewState.Returned + "|" + (int)(Sections.S2Proactive | Sections.S3Requests) + "|1|1764000000123|1764259200123|2|6|三(一) 与上年结转不符¦请核对|4|B.total,C.results|B.total", text);
        Assert.Equal(head with { ReviewReason = "三(一) 与上年结转不符¦请核对" }, parsed);
    }

    [Fact]
    public void EmptyHead_RoundTrips_WithoutTimes()
    {
        Assert.Equal(UnitHead.Empty, UnitHead.Parse(UnitHead.Empty.Format()));
        Assert.Equal(UnitHead.Empty, UnitHead.Parse(null));
        Assert.Equal(UnitHead.Empty, UnitHead.Parse(""));
    }

    [Theory]
    [InlineData("3|0|1|63|1|0|1764000000123|0|0|", 0)]
    [InlineData("3|0|1|63|1|0|1764000000123|0|0||2", 2)]
    public void HeadsWrittenBeforeTheLaterFields_StillParse(string text, int publishedFindings)
    {
        var head = UnitHead.Parse(text);

        Assert.Equal(3, head.SubmissionVersion);
        Assert.Equal(s_at, head.LastSubmittedAt);
        Assert.Null(head.FirstCompleteAt);
        Assert.Equal(publishedFindings, head.PublishedFindingCount);
        Assert.Equal("", head.SubmissionCoreNotAssessed);
    }

    [Theory]
    [InlineData("3|0|1|63|1|0|0|0|0")]
    [InlineData("3|0|1|63|1|0|0|0|0|||")]
    [InlineData("3|0|1|63|1|0|0|0|0||0|||x")]
    [InlineData("3|0|1|63|1|0|0|0|0||0||||")]
    public void MalformedHead_IsRefused(string text) =>
        Assert.Throws<FormatException>(() => UnitHead.Parse(text));
}
