using Aggregator.Contracts.V1;
using Aggregator.Domain.Mapping;
using Aggregator.Domain.Text;
using Aggregator.Domain.UnitYears;
using Grpc.Core;

namespace Aggregator.Domain.Tests;

/// <summary>The unit-year's decisions alone: no store, no clock.</summary>
public sealed class UnitYearTests
{
    private static readonly ReportYear s_year = new(2021);
    private static readonly DateTimeOffset s_now = new(2026, 1, 15, 8, 0, 0, TimeSpan.Zero);

    private static UnitYear Empty() => new(TestReports.Zhanghe, s_year, UnitHead.Empty, null);

    private static UnitYearAccepted SubmitOk(UnitYear unitYear, AnnualReport update, long? expected = null) =>
        Assert.IsType<UnitYearAccepted>(unitYear.Submit(update, expected, long.MaxValue, null, s_now, Language.En));

    [Fact]
    public void Submit_First_AcceptedAsVersion1WithTheHeadThatShowsIt()
    {
        var report = TestReports.Zhanghe2021();

        var accepted = SubmitOk(Empty(), report, expected: 0);

        Assert.Equal(1, accepted.Version);
        Assert.Same(report, accepted.Merged);
        Assert.Equal(1, accepted.NewHead.SubmissionVersion);
        Assert.Equal(ReviewState.Submitted, accepted.NewHead.ReviewState);
        Assert.Equal(Sections.All, accepted.NewHead.Sections);
        Assert.True(accepted.NewHead.Complete);
        Assert.Equal(s_now, accepted.NewHead.FirstCompleteAt);
        Assert.Equal(s_now, accepted.NewHead.LastSubmittedAt);
        Assert.Equal(accepted.Warnings.Length, accepted.NewHead.WarningCount);
    }

    [Fact]
    public void Submit_AfterAnAcceptedVersion_MergesSectionsAndChainsTheVersion()
    {
        var first = SubmitOk(Empty(), TestReports.Zhanghe2021() with { Present = Sections.S1Overview | Sections.S2Proactive });
        var unitYear = Empty().After(first);
        var update = TestReports.Zhanghe2021() with { Present = Sections.S3Requests };

        var second = SubmitOk(unitYear, update, expected: 1);

        Assert.Equal(2, second.Version);
        Assert.Equal(Sections.S1Overview | Sections.S2Proactive | Sections.S3Requests, second.NewHead.Sections);
        Assert.False(second.NewHead.Complete);
        Assert.Null(second.NewHead.FirstCompleteAt);
    }

    [Fact]
    public void Submit_Locked_RejectedWithTheAcceptedVersion()
    {
        var head = UnitHead.Empty with { SubmissionVersion = 2, ReviewState = ReviewState.Accepted, ReviewedVersion = 2 };

        var rejected = Assert.IsType<UnitYearRejected>(new UnitYear(TestReports.Zhanghe, s_year, head, null)
            .Submit(TestReports.Zhanghe2021(), null, long.MaxValue, null, s_now, Language.En));

        Assert.Equal(RejectionReason.Locked, rejected.Reason);
        Assert.Equal(Messages.Server.Locked("jingmen-zhanghe", 2021, 2).En, rejected.Message);
        Assert.Equal(StatusCode.FailedPrecondition, RejectionMapper.ToStatusCode(rejected.Reason));
    }

    [Fact]
    public void Submit_AtTheVersionCap_Rejected()
    {
        var head = UnitHead.Empty with { SubmissionVersion = 3, ReviewState = ReviewState.Submitted };

        var rejected = Assert.IsType<UnitYearRejected>(new UnitYear(TestReports.Zhanghe, s_year, head, null)
            .Submit(TestReports.Zhanghe2021(), null, 3, null, s_now, Language.Zh));

        Assert.Equal(RejectionReason.TooManyVersions, rejected.Reason);
        Assert.Equal(Messages.Server.TooManyVersions("jingmen-zhanghe", 2021, 3, 3).Zh, rejected.Message);
    }

    [Fact]
    public void Submit_StaleExpectedVersion_RejectedNamingTheLatest()
    {
        var first = SubmitOk(Empty(), TestReports.Zhanghe2021());

        var rejected = Assert.IsType<UnitYearRejected>(Empty().After(first)
            .Submit(TestReports.Zhanghe2021(), 0, long.MaxValue, null, s_now, Language.En));

        Assert.Equal(RejectionReason.StaleExpectedVersion, rejected.Reason);
        Assert.Equal("expected_version 0 is stale: the latest stored version of unit 'jingmen-zhanghe' for 2021 is 1. Nothing was stored.", rejected.Message);
        Assert.Equal(StatusCode.Aborted, RejectionMapper.ToStatusCode(rejected.Reason));
    }

    [Fact]
    public void Submit_RuleErrorInTheMergedReport_RejectedWithTheFindings()
    {
        var update = TestReports.Zhanghe2021().WithCell("s2.administrative_penalty.decisions", -1);

        var rejected = Assert.IsType<UnitYearRejected>(Empty().Submit(update, null, long.MaxValue, null, s_now, Language.En));

        Assert.Equal(RejectionReason.RulesViolated, rejected.Reason);
        Assert.Contains(rejected.Errors, e => e.Cells.Contains("s2.administrative_penalty.decisions"));
        Assert.Equal(Messages.Server.RulesViolated("jingmen-zhanghe", 2021, rejected.Errors.Length).En, rejected.Message);
        Assert.Equal(StatusCode.InvalidArgument, RejectionMapper.ToStatusCode(rejected.Reason));
    }

    [Fact]
    public void Review_NothingSubmitted_Accepted_NotLatest_AreRefused()
    {
        var submitted = Empty().After(SubmitOk(Empty(), TestReports.Zhanghe2021()));
        var locked = submitted with { Head = submitted.Head with { ReviewState = ReviewState.Accepted, ReviewedVersion = 1 } };

        Assert.Equal(RejectionReason.NothingToReview, Assert.IsType<UnitYearRejected>(Empty().Review(ReviewDecision.Accept, 1, "", Language.En)).Reason);
        Assert.Equal(RejectionReason.AlreadyAccepted, Assert.IsType<UnitYearRejected>(locked.Review(ReviewDecision.Accept, 1, "", Language.En)).Reason);
        var stale = Assert.IsType<UnitYearRejected>(submitted.Review(ReviewDecision.Accept, 7, "", Language.En));
        Assert.Equal(RejectionReason.NotLatestVersion, stale.Reason);
        Assert.Equal("Version 7 is not the latest submitted version (1) of unit 'jingmen-zhanghe' for 2021.", stale.Message);
    }

    [Fact]
    public void Review_ReturnKeepsTheReason_AcceptLocks()
    {
        var submitted = Empty().After(SubmitOk(Empty(), TestReports.Zhanghe2021()));

        var returned = Assert.IsType<UnitYearAccepted>(submitted.Review(ReviewDecision.Return, 1, "fix 三", Language.En));
        var accepted = Assert.IsType<UnitYearAccepted>(submitted.Review(ReviewDecision.Accept, 1, "ignored", Language.En));

        Assert.Equal((ReviewState.Returned, 1L, "fix 三"), (returned.NewHead.ReviewState, returned.NewHead.ReviewedVersion, returned.NewHead.ReviewReason));
        Assert.Equal((ReviewState.Accepted, ""), (accepted.NewHead.ReviewState, accepted.NewHead.ReviewReason));
        Assert.True(accepted.NewHead.IsLocked);
    }

    [Fact]
    public void Backfill_NextPublishedVersion_SubmissionSideUntouched()
    {
        var submitted = Empty().After(SubmitOk(Empty(), TestReports.Zhanghe2021()));
        var findings = Rules.RuleEngine.Evaluate(TestReports.Zhanghe2021().WithCell("s2.administrative_penalty.decisions", -1)).Findings;

        var first = submitted.Backfill(findings, []);
        var second = (submitted with { Head = first.NewHead }).Backfill([], []);

        Assert.Equal((1L, findings.Length), (first.Version, first.NewHead.PublishedFindingCount));
        Assert.Equal(2, second.Version);
        Assert.Equal(submitted.Head.SubmissionVersion, second.NewHead.SubmissionVersion);
        Assert.Equal(submitted.Head.ReviewState, second.NewHead.ReviewState);
    }
}
