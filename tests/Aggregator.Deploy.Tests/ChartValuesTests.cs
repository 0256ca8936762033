using System.Text.Json;
using System.Text.RegularExpressions;
using Aggregator.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Deploy.Tests;

/// <summary>values.yaml conventions: every value documented (helm-docs <c># --</c>) and in the schema.</summary>
public sealed partial class ChartValuesTests
{
    private static string ValuesPath => RepoPaths.Combine("charts", "aggregator", "values.yaml");

    [Fact]
    public void Values_EveryKey_HasHelmDocsCommentOnItselfOrAnAncestor()
    {
        var undocumented = new List<string>();
        var documented = new Stack<(int Indent, bool Documented)>();
        var comment = false;
        int? blockScalarIndent = null;
        foreach (var line in File.ReadAllLines(ValuesPath))
        {
            var indent = line.Length - line.TrimStart().Length;
            var trimmed = line.Trim();
            if (blockScalarIndent is { } block)
            {
                if (trimmed.Length == 0 || indent > block)
                {
                    continue;
                }

                blockScalarIndent = null;
            }

            if (trimmed.Length == 0)
            {
                comment = false;
                continue;
            }

            if (trimmed.StartsWith('#'))
            {
                comment |= trimmed.StartsWith("# --", StringComparison.Ordinal);
                continue;
            }

            var key = Key().Match(line);
            if (!key.Success)
            {
                comment = false;
                continue; // list items and flow values belong to the key above
            }

            while (documented.Count > 0 && documented.Peek().Indent >= indent)
            {
                documented.Pop();
            }

            var isDocumented = comment || documented.Any(d => d.Documented);
            var isLeaf = key.Groups["value"].Value.Trim().Length > 0;
            if (!isDocumented && isLeaf)
            {
                undocumented.Add(key.Groups["key"].Value);
            }

            documented.Push((indent, isDocumented));
            if (key.Groups["value"].Value.Trim() is "|" or "|-" or ">" or ">-")
            {
                blockScalarIndent = indent;
            }

            comment = false;
        }

        Assert.True(undocumented.Count == 0, "values without a `# --` comment: " + string.Join(", ", undocumented));
    }

    [Fact]
    public void Values_TopLevelKeys_MatchSchemaProperties()
    {
        var values = new YamlStream();
        values.Load(new StringReader(File.ReadAllText(ValuesPath)));
        var keys = ((YamlMappingNode)values.Documents[0].RootNode).Children.Keys
            .Select(k => ((YamlScalarNode)k).Value!)
            .ToHashSet(StringComparer.Ordinal);
        using var schema = JsonDocument.Parse(File.ReadAllText(RepoPaths.Combine("charts", "aggregator", "values.schema.json")));
        var properties = schema.RootElement.GetProperty("properties").EnumerateObject()
            .Select(p => p.Name)
            .Where(n => n != "global")
            .ToHashSet(StringComparer.Ordinal);

        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
        Assert.Empty(keys.Except(properties));
        Assert.Empty(properties.Except(keys));
    }

    [GeneratedRegex(@"^\s*(?<key>[A-Za-z_][A-Za-z0-9_.-]*):(?<value>.*)$")]
    private static partial Regex Key();
}
