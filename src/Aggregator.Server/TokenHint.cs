using Aggregator.Domain.Registry;
using Aggregator.Security;

namespace Aggregator.Server;

/// <summary>
/// The start-up hint: the CLI commands (<c>scripts/aggregator token</c>; the server has no token mode
/// of its own) that mint a token for a real district of the loaded registry and for its city.
/// </summary>
public static class TokenHint
{
    /// <summary>The commands for the first district of the registry (pre-order) and its city, with <paramref name="signingKeyPath"/>.</summary>
    public static string For(string signingKeyPath, RegionTree registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var district = registry.Units.FirstOrDefault(u => u.Level == UnitLevel.District)
            ?? registry.Units.FirstOrDefault(u => u.Level > UnitLevel.City)
            ?? registry.Units.FirstOrDefault();
        var city = district is null ? null
            : RegionTree.AncestorsAndSelf(district).FirstOrDefault(u => u.Level == UnitLevel.City)
              ?? RegionTree.AncestorsAndSelf(district).Last();
        var key = " --key " + signingKeyPath;
        var hint = district is null
            ? "scripts/aggregator token --unit ID --role district" + key
            : $"scripts/aggregator token --unit {district.Id} --role {RoleOf(district)}{key}";
        if (city is not null && city != district)
        {
            hint += $"   city office ({city.Name}): scripts/aggregator token --unit {city.Id} --role {RoleOf(city)}{key}";
        }

        return hint + "   (roles: district, city, province, admin; then call with 'authorization: Bearer <token>', or export AGGREGATOR_TOKEN for the CLI)";
    }

    private static string RoleOf(RegionUnit unit) => unit.Level switch
    {
        UnitLevel.Province => Roles.Province,
        UnitLevel.City => Roles.City,
        _ => Roles.District,
    };
}
