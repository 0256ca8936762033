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

    public string Format() => string.Create(CultureInfo.InvariantCulture,
        $"{SubmissionVersion}|{PublishedVersion}|{(int)ReviewState}|{(int)Sections}|{(Complete ? "1" : "0")}|{Ms(FirstCompleteAt)}|{Ms(LastSubmittedAt)}|{WarningCount}|{ReviewedVersion}|{ReviewReason.Replace("|", "¦", StringComparison.Ordinal)}|{PublishedFindingCount}|{SubmissionCoreNotAssessed}|{PublishedCoreNotAssessed}");

    /// <summary>The core rule ids among <paramref name="notAssessable"/>, comma-separated, for the head.</summary>
    public static string CoreNotAssessed(IEnumerable<Aggregator.Domain.Rules.Finding> notAssessable) =>
        string.Join(',', notAssessable.Select(f => f.RuleId).Where(Aggregator.Domain.Rules.RuleCatalog.CoreRules.Contains).Distinct().Order(StringComparer.Ordinal));

    public static UnitHead Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Empty;
        }

        // Read for every unit of a write batch and of a status page: parsed in place, no string per field.
        var span = text.AsSpan();
        Span<Range> parts = stackalloc Range[14];
        var count = span.Split(parts, '|');
        if (count is not (10 or 11 or 13))
        {
            throw new FormatException("Malformed unit head record.");
        }

        return new UnitHead
        {
            SubmissionVersion = long.Parse(span[parts[0]], CultureInfo.InvariantCulture),
            PublishedVersion = long.Parse(span[parts[1]], CultureInfo.InvariantCulture),
            ReviewState = (ReviewState)int.Parse(span[parts[2]], CultureInfo.InvariantCulture),
            Sections = (Sections)int.Parse(span[parts[3]], CultureInfo.InvariantCulture),
            Complete = span[parts[4]] is "1",
            FirstCompleteAt = FromMs(span[parts[5]]),
            LastSubmittedAt = FromMs(span[parts[6]]),
            WarningCount = int.Parse(span[parts[7]], CultureInfo.InvariantCulture),
            ReviewedVersion = long.Parse(span[parts[8]], CultureInfo.InvariantCulture),
            ReviewReason = span[parts[9]].ToString(),
            PublishedFindingCount = count > 10 ? int.Parse(span[parts[10]], CultureInfo.InvariantCulture) : 0,
            SubmissionCoreNotAssessed = count > 12 ? span[parts[11]].ToString() : "",
            PublishedCoreNotAssessed = count > 12 ? span[parts[12]].ToString() : "",
        };
    }

    private static long Ms(DateTimeOffset? t) => t?.ToUnixTimeMilliseconds() ?? 0;

    private static DateTimeOffset? FromMs(ReadOnlySpan<char> s)
    {
        var ms = long.Parse(s, CultureInfo.InvariantCulture);
        return ms == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
