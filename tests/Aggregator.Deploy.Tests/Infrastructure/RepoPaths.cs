namespace Aggregator.Deploy.Tests.Infrastructure;

/// <summary>Locates the repository and the tools that scripts/bootstrap.sh installs.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    /// <summary>The repository root: the nearest ancestor of the test assembly holding Aggregator.sln.</summary>
    public static string Root => s_root.Value;

    public static string Chart => Path.Combine(Root, "charts", "aggregator");

    public static string Protos => Path.Combine(Root, "protos");

    /// <summary>helm: <c>AGGREGATOR_HELM</c>, else <c>.tools/bin/helm</c>.</summary>
    public static string Helm => Tool("AGGREGATOR_HELM", Path.Combine(Root, ".tools", "bin", "helm"), "helm");

    /// <summary>buf: <c>AGGREGATOR_BUF</c>, else <c>.tools/node/node_modules/.bin/buf</c>.</summary>
    public static string Buf => Tool("AGGREGATOR_BUF", Path.Combine(Root, ".tools", "node", "node_modules", ".bin", "buf"), "buf");

    public static string Combine(params string[] relative) => Path.Combine([Root, .. relative]);

    /// <summary>
    /// A tool path from its environment variable or the bootstrap location. A missing
    /// tool fails the test (never skips it): the test run installs everything it needs.
    /// </summary>
    private static string Tool(string variable, string fallback, string name)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        var path = string.IsNullOrWhiteSpace(fromEnvironment) ? fallback : fromEnvironment;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"{name} not found at '{path}' ({variable} or the bootstrap location). " +
                "Run `bash scripts/bootstrap.sh` (scripts/test.sh does it for you) to install it.");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Aggregator.sln above {AppContext.BaseDirectory}.");
    }
}
