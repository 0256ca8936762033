namespace Aggregator.Domain.Analysis;

public static class StatusRules
{
    /// <summary>
    /// Classifies a unit-year. Late = submitted completely after the deadline, or not submitted
    /// completely when the deadline has passed. A published record (backfill) is the public record of
    /// a past year and is neither late nor on time.
    /// </summary>
    public static StatusAssessment Assess(StatusFacts facts, DateTimeOffset deadline, DateTimeOffset now)
    {
        var status = facts switch
        {
            { HasSubmission: true, Accepted: true } => ReportingStatus.Accepted,
            { HasSubmission: true, Returned: true } => ReportingStatus.Returned,
            { HasSubmission: true, Complete: true } => ReportingStatus.Submitted,
            { HasSubmission: true } => ReportingStatus.Draft,
            { HasPublishedRecord: true } => ReportingStatus.Published,
            _ => ReportingStatus.NotStarted,
        };

        if (status == ReportingStatus.Published)
        {
            return new StatusAssessment(status, Late: false, OnTime: false, deadline);
        }

        var onTime = facts.FirstCompleteAt is { } at && at <= deadline;
        var late = facts.FirstCompleteAt is { } at2 ? at2 > deadline : now > deadline;
        return new StatusAssessment(status, late, onTime, deadline);
    }

    /// <summary>
    /// Whole days late in Asia/Shanghai: the calendar days from the deadline's due date to the day of
    /// <paramref name="at"/> (the first complete submission, or now for a unit still missing); 0 when
    /// <paramref name="at"/> is not past <paramref name="deadline"/> (the end of the due date).
    /// Submitted on the day after the due date is 1 day late.
    /// </summary>
    public static int DaysLate(DateTimeOffset deadline, DateTimeOffset at)
    {
        if (at <= deadline)
        {
            return 0;
        }

        var dueDate = DateOnly.FromDateTime(deadline.ToOffset(DeadlinePolicy.ChinaOffset).AddTicks(-1).DateTime);
        var day = DateOnly.FromDateTime(at.ToOffset(DeadlinePolicy.ChinaOffset).DateTime);
        return day.DayNumber - dueDate.DayNumber;
    }

    /// <summary>numerator / denominator rounded to 6 decimals; null when the denominator is 0.</summary>
    public static decimal? Rate(int numerator, int denominator) =>
        denominator == 0 ? null : decimal.Round((decimal)numerator / denominator, 6, MidpointRounding.ToEven);
}
