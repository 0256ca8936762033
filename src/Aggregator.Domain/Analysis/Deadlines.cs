namespace Aggregator.Domain.Analysis;

/// <summary>Which deadline applies to a unit (政府信息公开条例 art. 49, 第四十九条; art. 50 lists the contents).</summary>
public enum DeadlineLevel
{
    /// <summary>Departments: 31 January of the following year.</summary>
    Department,

    /// <summary>Governments (county level and above): 31 March of the following year.</summary>
    Government,
}

/// <summary>
/// Reporting deadlines: dates in Asia/Shanghai, due at the end of the day. Defaults from article 49 (第四十九条);
/// overrides per level and year.
/// </summary>
public sealed class DeadlinePolicy
{
    /// <summary>China Standard Time (Asia/Shanghai): UTC+8, no daylight saving since 1991.</summary>
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private readonly Dictionary<(DeadlineLevel, int), DateOnly> _overrides = [];

    /// <summary>Overrides the deadline date for a level and report year.</summary>
    public DeadlinePolicy With(DeadlineLevel level, int reportYear, DateOnly date)
    {
        _overrides[(level, reportYear)] = date;
        return this;
    }

    /// <summary>The deadline date (Asia/Shanghai) for a report about <paramref name="reportYear"/>.</summary>
    public DateOnly DueDate(DeadlineLevel level, int reportYear) =>
        _overrides.TryGetValue((level, reportYear), out var date)
            ? date
            : level == DeadlineLevel.Department ? new DateOnly(reportYear + 1, 1, 31) : new DateOnly(reportYear + 1, 3, 31);

    /// <summary>
    /// The instant the deadline passes: the end of the due date in China Standard Time (UTC+8, no
    /// daylight saving since 1991), i.e. 16:00 UTC on the due date.
    /// </summary>
    public DateTimeOffset DueInstant(DeadlineLevel level, int reportYear)
    {
        var date = DueDate(level, reportYear).AddDays(1);
        return new DateTimeOffset(date.Year, date.Month, date.Day, 0, 0, 0, ChinaOffset).ToUniversalTime();
    }
}

/// <summary>A unit-year's reporting status.</summary>
public enum ReportingStatus
{
    NotStarted,
    Draft,
    Submitted,
    Accepted,
    Returned,
    Published,
}

/// <summary>What the store knows about a unit-year, as far as status is concerned.</summary>
public sealed record StatusFacts(
    bool HasSubmission,
    bool Complete,
    bool Accepted,
    bool Returned,
    bool HasPublishedRecord,
    DateTimeOffset? FirstCompleteAt);

/// <summary>A unit-year's status and lateness.</summary>
public sealed record StatusAssessment(ReportingStatus Status, bool Late, bool OnTime, DateTimeOffset Deadline)
{
    /// <summary>Counts as reported for the reporting rate.</summary>
    public bool Reported => Status is ReportingStatus.Submitted or ReportingStatus.Accepted or ReportingStatus.Published;
}

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
