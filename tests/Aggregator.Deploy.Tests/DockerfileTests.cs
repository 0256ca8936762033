using System.Text.RegularExpressions;
using Aggregator.Deploy.Tests.Infrastructure;

namespace Aggregator.Deploy.Tests;

/// <summary>
/// Structural checks of the Dockerfile: no Docker engine runs here, so the image
/// cannot be built; these parse the instructions instead.
/// </summary>
public sealed partial class DockerfileTests
{
    private static readonly Lazy<IReadOnlyList<Stage>> s_stages = new(() => Parse(File.ReadAllText(RepoPaths.Combine("Dockerfile"))));

    private static IReadOnlyList<Stage> Stages => s_stages.Value;

    private static Stage Final => Stages[^1];

    [Fact]
    public void Dockerfile_Stages_BuildOnSdkAndRunOnChiseledAspNetWithIcu()
    {
        Assert.True(Stages.Count >= 2, "multi-stage build expected");
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", Stages[0].Image, StringComparison.Ordinal);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra", Final.Image);
        Assert.Contains(Final.All("ENV"), e => EnvPair("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "false").IsMatch(e));
    }

    [Fact]
    public void Dockerfile_BuildStage_RestoresFromProjectFilesBeforeCopyingSources()
    {
        var build = Stages[0].Instructions;
        var restore = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var copyAll = build.FindIndex(i => i.Keyword == "COPY" && CopyEverything().IsMatch(i.Arguments));
        var firstCsproj = build.FindIndex(i => i.Keyword == "COPY" && i.Arguments.Contains(".csproj", StringComparison.Ordinal));
        var props = build.FindIndex(i => i.Keyword == "COPY" && i.Arguments.Contains("Directory.Packages.props", StringComparison.Ordinal));

        Assert.True(props >= 0 && firstCsproj >= 0 && restore >= 0 && copyAll >= 0, "COPY props/csproj, RUN restore and COPY . . expected");
        Assert.True(props < restore && firstCsproj < restore && restore < copyAll, "restore must come before the sources are copied");
        Assert.Contains(build, i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet publish src/Aggregator.Server -c Release -o /app", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_BuildStage_CopiesEveryProjectTheServerReferencesBeforeRestore()
    {
        var server = RepoPaths.Combine("src", "Aggregator.Server", "Aggregator.Server.csproj");
        Assert.True(File.Exists(server), $"{server} is what the image publishes; it does not exist");
        var build = Stages[0].Instructions;
        var restore = build.FindIndex(i => i.Keyword == "RUN" && i.Arguments.Contains("dotnet restore", StringComparison.Ordinal));
        var copied = build.Take(restore)
            .Where(i => i.Keyword == "COPY")
            .SelectMany(i => i.Arguments.Split(' '))
            .Where(a => a.EndsWith(".csproj", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        var missing = ProjectClosure(server)
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'))
            .Where(p => !copied.Contains(p))
            .ToList();

        Assert.True(missing.Count == 0, "COPY these project files before `dotnet restore`: " + string.Join(", ", missing));
    }

    [Fact]
    public void Dockerfile_FinalStage_RunsAsNonRootWithoutShell()
    {
        var user = Assert.Single(Final.All("USER"));
        Assert.Matches(@"^(\$\{?APP_UID\}?|[1-9][0-9]*)(:[0-9]+)?$", user);
        Assert.DoesNotContain(Final.Instructions, i => i.Keyword == "RUN");
        Assert.Equal(@"[""dotnet"", ""Aggregator.Server.dll""]", Assert.Single(Final.All("ENTRYPOINT")).Replace(@""",""", @""", """, StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_FinalStage_ExposesGrpcPortAndDataVolume()
    {
        var exposed = Final.All("EXPOSE").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.Contains("8080", exposed);
        Assert.Contains(Final.All("ENV"), e => EnvPair("Aggregator__Endpoints__Grpc", "http://0.0.0.0:8080").IsMatch(e));
        Assert.Contains(Final.All("ENV"), e => EnvPair("Aggregator__Endpoints__Metrics", "http://0.0.0.0:9464").IsMatch(e));
        Assert.Contains("5080", exposed);
        Assert.Contains(Final.All("ENV"), e => EnvPair("Aggregator__Endpoints__Web", "http://0.0.0.0:5080").IsMatch(e));
        Assert.Contains(Final.All("ENV"), e => EnvPair("Aggregator__DataDirectory", "/data").IsMatch(e));
        Assert.Contains(Final.All("VOLUME"), v => v.Contains("/data", StringComparison.Ordinal));
    }

    [Fact]
    public void DockerIgnore_ExcludesBuildOutputToolsAndGit()
    {
        var lines = File.ReadAllLines(RepoPaths.Combine(".dockerignore")).Select(l => l.Trim().TrimEnd('/')).ToHashSet();

        Assert.Contains("**/bin", lines);
        Assert.Contains("**/obj", lines);
        Assert.Contains(".tools", lines);
        Assert.Contains(".git", lines);
    }

    /// <summary>A project file and every project it references, transitively (full paths).</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        while (pending.TryPop(out var current))
        {
            if (!seen.Add(current))
            {
                continue;
            }

            var references = System.Xml.Linq.XDocument.Load(current).Descendants("ProjectReference")
                .Select(r => (string?)r.Attribute("Include"))
                .OfType<string>();
            foreach (var reference in references)
            {
                pending.Push(Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, reference.Replace('\\', '/'))));
            }
        }

        return seen;
    }

    private static Regex EnvPair(string name, string value) =>
        new($@"(^|\s){Regex.Escape(name)}[= ]{Regex.Escape(value)}(\s|$)", RegexOptions.CultureInvariant);

    /// <summary>Splits a Dockerfile into stages of instructions (continuations joined, comments dropped).</summary>
    private static List<Stage> Parse(string dockerfile)
    {
        var stages = new List<Stage>();
        var logical = Continuation().Replace(dockerfile, " ");
        foreach (var raw in logical.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? line : line[..space]).ToUpperInvariant();
            var arguments = space < 0 ? "" : Whitespace().Replace(line[(space + 1)..].Trim(), " ");
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ');
                stages.Add(new Stage(parts.First(p => !p.StartsWith("--", StringComparison.Ordinal)), []));
            }
            else
            {
                Assert.True(stages.Count > 0, $"instruction before FROM: {line}");
                stages[^1].Instructions.Add(new Instruction(keyword, arguments));
            }
        }

        return stages;
    }

    private sealed record Instruction(string Keyword, string Arguments);

    private sealed record Stage(string Image, List<Instruction> Instructions)
    {
        public IEnumerable<string> All(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);
    }

    [GeneratedRegex(@"\\[ \t]*\r?\n(\s*#[^\n]*\n)*")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^\.\s+\.$|^\.\s+\./?$")]
    private static partial Regex CopyEverything();
}
