using Aggregator.Deploy.Tests.Infrastructure;

namespace Aggregator.Deploy.Tests;

/// <summary>
/// The proto contract makes no breaking change (buf.yaml's FILE rules) against the committed baseline
/// image <c>buf.baseline.json</c>: a file in the repository, so the check works on a clean or shallow
/// clone in CI, with no other branch fetched. After a release, rebuild it from the released protos:
/// <c>buf build -o buf.baseline.json --exclude-source-info</c>.
/// </summary>
public sealed class BufBreakingTests
{
    private static string Baseline => RepoPaths.Combine("buf.baseline.json");

    [Fact]
    public async Task Breaking_RepositoryProtosAgainstBaseline_NoBreakingChange()
    {
        var result = await ProcessRunner.RunAsync(RepoPaths.Buf, ["breaking", "--against", Baseline], RepoPaths.Root);

        Assert.True(result.ExitCode == 0, "buf breaking against buf.baseline.json failed: " + result.Output);
    }

    [Fact]
    public async Task Breaking_CopyWithADeletedField_FailsOnFieldNoDelete()
    {
        var workspace = Directory.CreateTempSubdirectory("aggregator-buf-breaking-");
        try
        {
            File.Copy(RepoPaths.Combine("buf.yaml"), Path.Combine(workspace.FullName, "buf.yaml"));
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Protos, "*.proto", SearchOption.AllDirectories))
            {
                var target = Path.Combine(workspace.FullName, "protos", Path.GetRelativePath(RepoPaths.Protos, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var clean = await ProcessRunner.RunAsync(RepoPaths.Buf, ["breaking", "--against", Baseline], workspace.FullName);
            Assert.True(clean.ExitCode == 0, "the unmodified copy must pass: " + clean.Output);

            // UnitStatusEntry loses its unit_name (field 2): a client reading it would break.
            var status = Path.Combine(workspace.FullName, "protos", "aggregator", "v1", "status.proto");
            var text = await File.ReadAllTextAsync(status);
            const string field = "  string unit_name = 2;\n";
            Assert.Contains(field, text, StringComparison.Ordinal);
            var at = text.IndexOf(field, text.IndexOf("message UnitStatusEntry", StringComparison.Ordinal), StringComparison.Ordinal);
            await File.WriteAllTextAsync(status, text.Remove(at, field.Length));

            var result = await ProcessRunner.RunAsync(RepoPaths.Buf, ["breaking", "--against", Baseline, "--error-format", "json"], workspace.FullName);

            Assert.True(result.ExitCode != 0, "buf breaking accepted a deleted field: " + result.Output);
            Assert.Contains("FIELD_NO_DELETE", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            workspace.Delete(recursive: true);
        }
    }
}
