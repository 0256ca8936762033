namespace Aggregator.Cli.Tests;

/// <summary>This project's test files (copied to the output's <c>TestData/</c>).</summary>
internal static class TestFiles
{
    /// <summary>The published 漳河新区 2021 report.</summary>
    public static string Zhanghe2021 => Path.Combine(AppContext.BaseDirectory, "TestData", "zhanghe-2021.txt");

    /// <summary>A published sample of the repository (<c>samples/published/</c>).</summary>
    public static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
            {
                return Path.Combine(dir.FullName, "samples", "published", name);
            }
        }

        throw new FileNotFoundException($"samples/published/{name} not found above {AppContext.BaseDirectory}.", name);
    }
}

/// <summary>A temporary directory removed at dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "aggregator-cli-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
