using YamlDotNet.RepresentationModel;

namespace Aggregator.Deploy.Tests.Infrastructure;

/// <summary>One document of <c>helm template</c> output.</summary>
internal sealed record RenderedResource(string Kind, string Name, YamlMappingNode Root)
{
    public YamlMappingNode Metadata => Root.Map("metadata");

    public IReadOnlyDictionary<string, string> Labels => Metadata.StringMap("labels");
}

/// <summary>Runs the real helm binary against charts/aggregator.</summary>
internal static class Helm
{
    public const string ReleaseName = "agg";

    /// <summary>
    /// Renders without a cluster accept a generated signing key (<c>auth.acknowledgeGeneratedKey</c>)
    /// unless a test asks otherwise: the chart refuses one by default there (no Secret to read it back from).
    /// </summary>
    private static readonly string[] s_acknowledgeGeneratedKey = ["--set", "auth.acknowledgeGeneratedKey=true"];

    public static Task<ProcessResult> LintAsync(string? valuesYaml = null) =>
        WithValuesFileAsync(valuesYaml, args => ProcessRunner.RunAsync(RepoPaths.Helm, ["lint", "--strict", RepoPaths.Chart, .. s_acknowledgeGeneratedKey, .. args]));

    /// <summary><c>helm template</c> with optional values (YAML text); fails the test when helm fails.</summary>
    public static async Task<IReadOnlyList<RenderedResource>> TemplateAsync(string? valuesYaml = null)
    {
        var result = await TemplateRawAsync(valuesYaml);
        Assert.True(result.ExitCode == 0, "helm template failed: " + result.Output);
        return Parse(result.StandardOutput);
    }

    /// <summary><c>helm template</c>, whatever its outcome; <paramref name="acknowledgeGeneratedKey"/> false renders as a user would by default.</summary>
    public static Task<ProcessResult> TemplateRawAsync(string? valuesYaml, bool acknowledgeGeneratedKey = true) =>
        WithValuesFileAsync(valuesYaml, args => ProcessRunner.RunAsync(
            RepoPaths.Helm, ["template", ReleaseName, RepoPaths.Chart, "--namespace", "reports", .. acknowledgeGeneratedKey ? s_acknowledgeGeneratedKey : [], .. args]));

    public static IReadOnlyList<RenderedResource> Parse(string manifests)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(manifests));
        return stream.Documents
            .Select(d => d.RootNode)
            .OfType<YamlMappingNode>()
            .Select(root => new RenderedResource(root.Str("kind"), root.Map("metadata").Str("name"), root))
            .ToList();
    }

    private static async Task<ProcessResult> WithValuesFileAsync(string? valuesYaml, Func<string[], Task<ProcessResult>> run)
    {
        if (valuesYaml is null)
        {
            return await run([]);
        }

        var path = Path.Combine(Path.GetTempPath(), $"aggregator-values-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, valuesYaml);
        try
        {
            return await run(["--values", path]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

internal static class RenderedResourceExtensions
{
    public static RenderedResource Single(this IEnumerable<RenderedResource> resources, string kind) =>
        resources.Where(r => r.Kind == kind).ToList() switch
        {
            [var one] => one,
            var many => throw new InvalidOperationException($"Expected one {kind}, found {many.Count}."),
        };

    public static bool Any(this IEnumerable<RenderedResource> resources, string kind) => resources.Any(r => r.Kind == kind);

    /// <summary>The server container of the Deployment.</summary>
    public static YamlMappingNode ServerContainer(this IEnumerable<RenderedResource> resources) =>
        resources.Single("Deployment").Root.Map("spec").Map("template").Map("spec").Seq("containers").Named("server");

    public static YamlMappingNode PodSpec(this IEnumerable<RenderedResource> resources) =>
        resources.Single("Deployment").Root.Map("spec").Map("template").Map("spec");
}
