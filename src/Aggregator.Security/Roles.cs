namespace Aggregator.Security;

/// <summary>The roles a token can carry.</summary>
public static class Roles
{
    /// <summary>Writes and reads only its own unit.</summary>
    public const string District = "district";

    /// <summary>Reads its subtree, reviews its children's submissions, backfills.</summary>
    public const string City = "city";

    /// <summary>Like <see cref="City"/> for a province.</summary>
    public const string Province = "province";

    /// <summary>Everything.</summary>
    public const string Admin = "admin";

    /// <summary>Every known role.</summary>
    public static IReadOnlyList<string> All { get; } = [District, City, Province, Admin];

    public static bool IsKnown(string? role) => role is District or City or Province or Admin;
}
