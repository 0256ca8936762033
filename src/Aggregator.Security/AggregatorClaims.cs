namespace Aggregator.Security;

/// <summary>Claim types and roles carried by Aggregator tokens.</summary>
public static class AggregatorClaims
{
    /// <summary>The reporting unit the token acts for.</summary>
    public const string UnitId = "unit";

    /// <summary>The role: one of <see cref="Roles"/>.</summary>
    public const string Role = "role";

    /// <summary>The subject (who), recorded as <c>stored_by</c>.</summary>
    public const string Subject = "sub";

    /// <summary>Default issuer and audience.</summary>
    public const string DefaultIssuer = "aggregator";

    /// <inheritdoc cref="DefaultIssuer"/>
    public const string DefaultAudience = "aggregator";
}

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
