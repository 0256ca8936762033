namespace Aggregator.Storage;

/// <summary>
/// An audit trail: a partition's (city-year), or the deployment-wide one (<see cref="Deployment"/>) for
/// refusals that name no unit-year or come with no valid token.
/// </summary>
/// <remarks>Equality is by partition (null for the deployment trail).</remarks>
public readonly record struct AuditTrail(PartitionKey? Partition)
{
    /// <summary>The deployment-wide trail, hash tag <c>{deployment}</c>.</summary>
    public static AuditTrail Deployment => default;

    public bool IsDeployment => Partition is null;

    /// <summary>The trail's hash tag: its partition's, or <c>{deployment}</c>.</summary>
    public string HashTag => Partition?.HashTag ?? "{deployment}";

    public override string ToString() => Partition?.ToString() ?? "deployment";
}
