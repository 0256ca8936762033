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
