using System.Reflection;
using System.Text.RegularExpressions;
using Aggregator.Import;

namespace Aggregator.Import.Tests;

/// <summary>Every importer regex has a match timeout (issue 20.8): a crafted line cannot hold a server thread.</summary>
public sealed class RegexTimeoutTests
{
    [Fact]
    public void EveryImporterRegex_HasAMatchTimeout()
    {
        var regexes = typeof(ReportImporter).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(Regex) && m.GetParameters().Length == 0 && m.GetCustomAttribute<GeneratedRegexAttribute>() is not null)
            .Select(m => (Name: m.DeclaringType!.Name + "." + m.Name, Regex: (Regex)m.Invoke(null, null)!))
            .ToList();

        Assert.True(regexes.Count >= 20, $"found {regexes.Count} generated regexes");
        Assert.All(regexes, r => Assert.True(r.Regex.MatchTimeout == TimeSpan.FromSeconds(1), $"{r.Name}: timeout {r.Regex.MatchTimeout}"));
    }
}
