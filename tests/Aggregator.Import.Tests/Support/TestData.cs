namespace Aggregator.Import.Tests.Support;

/// <summary>Locates test documents: the copy in TestData/ first, then the repository's shared/ fixtures.</summary>
internal static class TestData
{
    public static string Read(string name)
    {
        var local = Path.Combine(AppContext.BaseDirectory, "TestData", name);
        if (File.Exists(local))
        {
            return File.ReadAllText(local);
        }

        var shared = SharedFixture(name);
        if (shared is not null)
        {
            return File.ReadAllText(shared);
        }

        throw new FileNotFoundException($"Test document {name} not found in TestData/ nor in shared/fixtures/reports/.", name);
    }

    /// <summary>A published sample of the repository (<c>samples/published/</c>).</summary>
    public static string Sample(string name) =>
        File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "published", name));

    /// <summary>The folder holding Aggregator.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Aggregator.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Walks up from the test binaries to the folder holding Aggregator.sln, then to ../shared/fixtures/reports.</summary>
    public static string? SharedFixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
            {
                var path = dir.Parent is null ? null : Path.Combine(dir.Parent.FullName, "shared", "fixtures", "reports", name);
                return path is not null && File.Exists(path) ? path : null;
            }
        }

        return null;
    }
}
