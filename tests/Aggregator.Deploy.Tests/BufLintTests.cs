using System.Text.RegularExpressions;
using Aggregator.Deploy.Tests.Infrastructure;

namespace Aggregator.Deploy.Tests;

/// <summary>The proto contract passes buf's STANDARD lint rules (buf.yaml at the repo root).</summary>
public sealed partial class BufLintTests
{
    [Fact]
    public async Task Lint_RepositoryProtos_Passes()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Buf, ["lint"], RepoPaths.Root);

        Assert.True(result.ExitCode == 0, "buf lint failed: " + result.Output);
    }

    [Fact]
    public async Task Lint_CopyWithCamelCaseFieldName_FailsOnFieldNameRule()
    {
        // Arrange: a copy of buf.yaml and protos/ that lints clean (the control) ...
        var workspace = Directory.CreateTempSubdirectory("aggregator-buf-");
        try
        {
            File.Copy(RepoPaths.Combine("buf.yaml"), Path.Combine(workspace.FullName, "buf.yaml"));
            CopyDirectory(RepoPaths.Protos, Path.Combine(workspace.FullName, "protos"));
            var clean = await ProcessRunner.RunAsync(RepoPaths.Buf, ["lint"], workspace.FullName);
            Assert.True(clean.ExitCode == 0, "the unmodified copy must lint clean: " + clean.Output);

            // ... then one field renamed to camelCase.
            var file = Directory.EnumerateFiles(Path.Combine(workspace.FullName, "protos"), "*.proto", SearchOption.AllDirectories)
                .Order(StringComparer.Ordinal)
                .First(f => FieldDeclaration().IsMatch(File.ReadAllText(f)));
            var text = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(file, FieldDeclaration().Replace(text, "${prefix}badFieldName${suffix}", 1));

            // Act
            var result = await ProcessRunner.RunAsync(RepoPaths.Buf, ["lint", "--error-format", "json"], workspace.FullName);

            // Assert
            Assert.True(result.ExitCode != 0, "buf lint accepted a camelCase field: " + result.Output);
            Assert.Contains("FIELD_LOWER_SNAKE_CASE", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>A scalar field declaration inside a message, e.g. <c>  string unit_id = 1;</c>.</summary>
    [GeneratedRegex(@"(?<prefix>^\s+(?:repeated\s+|optional\s+)?(?:string|int32|int64|uint32|uint64|bool|bytes|double|float)\s+)[a-z][a-z0-9_]*(?<suffix>\s*=\s*\d+)", RegexOptions.Multiline)]
    private static partial Regex FieldDeclaration();
}
