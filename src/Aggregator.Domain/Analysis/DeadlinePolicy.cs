namespace Aggregator.Domain.Analysis;

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
