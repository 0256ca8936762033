namespace Aggregator.Domain;

/// <summary>The year a report is about.</summary>
public readonly record struct ReportYear
{
    public const int Min = 2008;
    public const int Max = 2100;

    public ReportYear(int value)
    {
        if (value is < Min or > Max)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Report year must be within {Min}..{Max}.");
        }

        Value = value;
    }

    public int Value { get; }

    public static bool IsValid(int value) => value is >= Min and <= Max;

    /// <summary>
    /// The latest year a report can be about at <paramref name="now"/>: the year in Asia/Shanghai
    /// (UTC+8, no daylight saving) plus <paramref name="yearsAhead"/> (1: next year). Later years are
    /// refused on submission and backfill (C.year).
    /// </summary>
    public static int LatestAt(DateTimeOffset now, int yearsAhead = 1) => now.ToOffset(TimeSpan.FromHours(8)).Year + yearsAhead;

    public ReportYear Previous => new(Value - 1);

    /// <summary>The national format in force for reports about this year.</summary>
    public ReportFormat DefaultFormat => Value <= 2020 ? ReportFormat.V2019 : ReportFormat.V2021;

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
