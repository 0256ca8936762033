namespace Aggregator.Domain;

/// <summary>A reporting unit's id in the region registry (division code or deployment id).</summary>
/// <remarks>Equality is ordinal on the id string.</remarks>
public readonly record struct UnitId
{
    public const int MaxLength = 64;

    public UnitId(string value)
    {
        if (!IsValid(value))
        {
            throw new ArgumentException($"'{value}' is not a valid unit id (1..{MaxLength} of [A-Za-z0-9._-]).", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => Value;
}

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

/// <summary>The national format a report follows.</summary>
public enum ReportFormat
{
    /// <summary>国办公开办函〔2019〕60号, used for the 2019 and 2020 reports.</summary>
    V2019 = 2019,

    /// <summary>The format in force since the 2021 reports.</summary>
    V2021 = 2021,
}

/// <summary>The six sections of the report.</summary>
[Flags]
public enum Sections
{
    None = 0,
    S1Overview = 1,
    S2Proactive = 2,
    S3Requests = 4,
    S4Review = 8,
    S5Problems = 16,
    S6Other = 32,
    All = S1Overview | S2Proactive | S3Requests | S4Review | S5Problems | S6Other,
}

public static class SectionsExtensions
{
    private static readonly (Sections Flag, string Code)[] s_codes =
    [
        (Sections.S1Overview, "s1"), (Sections.S2Proactive, "s2"), (Sections.S3Requests, "s3"),
        (Sections.S4Review, "s4"), (Sections.S5Problems, "s5"), (Sections.S6Other, "s6"),
    ];

    /// <summary>Stable short codes ("s1".."s6") of the sections present.</summary>
    public static IEnumerable<string> Codes(this Sections sections)
    {
        foreach (var (flag, code) in s_codes)
        {
            if ((sections & flag) != 0)
            {
                yield return code;
            }
        }
    }

    public static Sections FromCode(string code)
    {
        foreach (var (flag, c) in s_codes)
        {
            if (c == code)
            {
                return flag;
            }
        }

        throw new ArgumentException($"Unknown section code '{code}'.", nameof(code));
    }
}
