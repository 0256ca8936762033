namespace Aggregator.Backfill.Tests.Samples;

/// <summary>Locates <c>samples/published/</c> of the repository (walking up from the test binaries to Aggregator.sln).</summary>
internal static class SamplesDirectory
{
    public static string Repository { get; } = FindRepository();

    public static string Published => Path.Combine(Repository, "samples", "published");

    /// <summary>The real 漳河新区 2021 report the brief names; published as <c>jingmen-zhanghe-2021.txt</c>.</summary>
    public const string ZhangheFile = "jingmen-zhanghe-2021.txt";

    /// <summary>Every sample document (.txt/.html), in file-name order.</summary>
    public static IReadOnlyList<string> Files() =>
        [.. Directory.EnumerateFiles(Published).Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    /// <summary>The unit and year of a sample from its name <c>&lt;unit&gt;-&lt;year&gt;.ext</c>.</summary>
    public static (string Unit, int Year) UnitYear(string path)
    {
        var stem = Path.GetFileNameWithoutExtension(path);
        var dash = stem.LastIndexOf('-');
        return (stem[..dash], int.Parse(stem[(dash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aggregator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Aggregator.sln not found above " + AppContext.BaseDirectory);
    }
}
