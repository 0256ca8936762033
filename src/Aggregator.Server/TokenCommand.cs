using System.Globalization;
using Aggregator.Security;

namespace Aggregator.Server;

/// <summary>
/// <c>Aggregator.Server token --unit ID --role ROLE [--lifetime-days N] [--signing-key PATH]</c>:
/// prints a token minted with the server's signing key (same configuration as the server).
/// </summary>
public static class TokenCommand
{
    /// <summary>The command printed at start-up.</summary>
    public static string Hint(string signingKeyPath) =>
        "scripts/aggregator token --unit jingmen-zhanghe --role district --key " + signingKeyPath
        + "   (roles: district, city, province, admin; then call with 'authorization: Bearer <token>', or export AGGREGATOR_TOKEN for the CLI)";

    /// <summary>Runs the command; returns the process exit code.</summary>
    public static int Run(string[] args, IConfiguration configuration, TextWriter output, TextWriter error)
    {
        string? unit = null;
        var role = Roles.District;
        var days = 30.0;
        string? keyPath = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--unit": unit = value; i++; break;
                case "--role": role = value ?? ""; i++; break;
                case "--lifetime-days": days = double.Parse(value ?? "30", CultureInfo.InvariantCulture); i++; break;
                case "--signing-key": keyPath = value; i++; break;
                default:
                    error.WriteLine("Unknown argument '" + args[i] + "'. Usage: token --unit ID --role district|city|province|admin [--lifetime-days N] [--signing-key PATH]");
                    return 2;
            }
        }

        if (string.IsNullOrEmpty(unit) || !Roles.IsKnown(role))
        {
            error.WriteLine("Usage: token --unit ID --role district|city|province|admin [--lifetime-days N] [--signing-key PATH]");
            return 2;
        }

        var auth = new AuthOptions();
        configuration.GetSection(AuthOptions.SectionName).Bind(auth);
        var server = new AggregatorServerOptions();
        configuration.GetSection(AggregatorServerOptions.SectionName).Bind(server);
        var path = keyPath ?? Auth.SigningKeyProvider.ResolvePath(auth, server);
        var (key, created) = SigningKey.LoadOrCreate(path);
        if (created)
        {
            error.WriteLine("Created a new signing key at " + path + " (the server uses it when started with the same data directory).");
        }

        output.WriteLine(TokenIssuer.Mint(key, unit, role, TimeSpan.FromDays(days), auth.Issuer, auth.Audience));
        return 0;
    }
}
