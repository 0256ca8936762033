using System.Globalization;
using Aggregator.Contracts.V1;

namespace Aggregator.Domain.UnitYears;

/// <summary>
/// The small per-unit-year record every reader starts from: the current submission and published
/// versions, review state, sections, completeness and times. Stored as compact text
/// (<c>sv|pv|state|mask|complete|firstCompleteMs|lastSubmittedMs|warnings|reviewedVersion|reason|publishedFindings|coreNotAssessed|publishedCoreNotAssessed</c>)
/// so that Lua scripts can read the versions.
/// </summary>
public sealed record UnitHead
{
    public static UnitHead Empty { get; } = new();

    /// <summary>Latest submission version (0 = none).</summary>
    public long SubmissionVersion { get; init; }

    /// <summary>Latest published-record version (0 = none).</summary>
    public long PublishedVersion { get; init; }

    /// <summary>Review state of the submission (Unspecified when there is no submission).</summary>
    public ReviewState ReviewState { get; init; }

    /// <summary>Sections present in the latest submission.</summary>
    public Sections Sections { get; init; }

    /// <summary>True when the latest submission has every section (otherwise a draft).</summary>
    public bool Complete { get; init; }

    /// <summary>When a submission first became complete (null = never).</summary>
    public DateTimeOffset? FirstCompleteAt { get; init; }

    /// <summary>When the latest submission was stored.</summary>
    public DateTimeOffset? LastSubmittedAt { get; init; }

    /// <summary>Warnings stored with the latest submission.</summary>
    public int WarningCount { get; init; }

    /// <summary>The version the latest review decided on (0 = none).</summary>
    public long ReviewedVersion { get; init; }

    /// <summary>The reason given when returned.</summary>
    public string ReviewReason { get; init; } = "";

    /// <summary>Findings (errors and warnings) stored with the latest published record.</summary>
    public int PublishedFindingCount { get; init; }

    /// <summary>Core identities (A3.balance, A3.results_total, A4.group_total) not fully assessable in the latest submission.</summary>
    public string SubmissionCoreNotAssessed { get; init; } = "";

    /// <summary>Core identities not fully assessable in the latest published record.</summary>
    public string PublishedCoreNotAssessed { get; init; } = "";

    /// <summary>True when the unit-year is locked by an accepting review.</summary>
    public bool IsLocked => ReviewState == ReviewState.Accepted;

    public string Format() => string.Join('|',
        SubmissionVersion.ToString(CultureInfo.InvariantCulture),
        PublishedVersion.ToString(CultureInfo.InvariantCulture),
        ((int)ReviewState).ToString(CultureInfo.InvariantCulture),
        ((int)Sections).ToString(CultureInfo.InvariantCulture),
        Complete ? "1" : "0",
        Ms(FirstCompleteAt),
        Ms(LastSubmittedAt),
        WarningCount.ToString(CultureInfo.InvariantCulture),
        ReviewedVersion.ToString(CultureInfo.InvariantCulture),
        ReviewReason.Replace("|", "¦", StringComparison.Ordinal),
        PublishedFindingCount.ToString(CultureInfo.InvariantCulture),
        SubmissionCoreNotAssessed,
        PublishedCoreNotAssessed);

    /// <summary>The core rule ids among <paramref name="notAssessable"/>, comma-separated, for the head.</summary>
    public static string CoreNotAssessed(IEnumerable<Aggregator.Domain.Rules.Finding> notAssessable) =>
        string.Join(',', notAssessable.Select(f => f.RuleId).Where(Aggregator.Domain.Rules.RuleCatalog.CoreRules.Contains).Distinct().Order(StringComparer.Ordinal));

    public static UnitHead Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        var parts = text.Split('|');
        if (parts.Length is not (10 or 11 or 13))
        {
            throw new FormatException("Malformed unit head record.");
        }

        return new UnitHead
        {
            SubmissionVersion = long.Parse(parts[0], CultureInfo.InvariantCulture),
            PublishedVersion = long.Parse(parts[1], CultureInfo.InvariantCulture),
            ReviewState = (ReviewState)int.Parse(parts[2], CultureInfo.InvariantCulture),
            Sections = (Sections)int.Parse(parts[3], CultureInfo.InvariantCulture),
            Complete = parts[4] == "1",
            FirstCompleteAt = FromMs(parts[5]),
            LastSubmittedAt = FromMs(parts[6]),
            WarningCount = int.Parse(parts[7], CultureInfo.InvariantCulture),
            ReviewedVersion = long.Parse(parts[8], CultureInfo.InvariantCulture),
            ReviewReason = parts[9],
            PublishedFindingCount = parts.Length > 10 ? int.Parse(parts[10], CultureInfo.InvariantCulture) : 0,
            SubmissionCoreNotAssessed = parts.Length > 12 ? parts[11] : "",
            PublishedCoreNotAssessed = parts.Length > 12 ? parts[12] : "",
        };
    }

    private static string Ms(DateTimeOffset? t) =>
        t is { } v ? v.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "0";

    private static DateTimeOffset? FromMs(string s)
    {
        var ms = long.Parse(s, CultureInfo.InvariantCulture);
        return ms == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
