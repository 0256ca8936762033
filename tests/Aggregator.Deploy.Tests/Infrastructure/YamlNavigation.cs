using YamlDotNet.RepresentationModel;

namespace Aggregator.Deploy.Tests.Infrastructure;

/// <summary>Terse, failing-loudly navigation over YamlDotNet's representation model.</summary>
internal static class YamlNavigation
{
    public static YamlNode? Find(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    public static bool Has(this YamlNode node, string key) => node.Find(key) is not null;

    public static YamlMappingNode Map(this YamlNode node, string key) =>
        node.Find(key) as YamlMappingNode ?? throw new KeyNotFoundException($"No mapping '{key}' in {Describe(node)}.");

    public static YamlSequenceNode Seq(this YamlNode node, string key) =>
        node.Find(key) as YamlSequenceNode ?? throw new KeyNotFoundException($"No sequence '{key}' in {Describe(node)}.");

    public static string Str(this YamlNode node, string key) =>
        (node.Find(key) as YamlScalarNode)?.Value ?? throw new KeyNotFoundException($"No scalar '{key}' in {Describe(node)}.");

    public static IEnumerable<YamlMappingNode> Maps(this YamlSequenceNode sequence) => sequence.Children.Cast<YamlMappingNode>();

    /// <summary>The one item of a sequence whose <c>name</c> is <paramref name="name"/>.</summary>
    public static YamlMappingNode Named(this YamlSequenceNode sequence, string name) =>
        sequence.Maps().SingleOrDefault(m => m.Find("name") is YamlScalarNode { Value: var v } && v == name)
        ?? throw new KeyNotFoundException($"No item named '{name}'.");

    public static IReadOnlyDictionary<string, string> StringMap(this YamlNode node, string key) =>
        node.Find(key) is YamlMappingNode map
            ? map.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value!, kv => ((YamlScalarNode)kv.Value).Value ?? "")
            : new Dictionary<string, string>();

    private static string Describe(YamlNode node) => node.Start.ToString();
}
