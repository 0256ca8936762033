using Aggregator.Deploy.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Aggregator.Deploy.Tests;

/// <summary>
/// The chart's PrometheusRule, rendered by helm, passes <c>promtool test rules</c>
/// (TestData/alerts-deadline.test.yaml: low reporting rate near the deadline; alerts.test.yaml: store down, auth-denial spike;
/// each firing when it should and silent when it should not). promtool missing is a failure, never a
/// skip (Debian's prometheus package ships it; scripts/bootstrap.sh installs it).
/// </summary>
public sealed class AlertRulesTests
{
    private static string Promtool =>
        Environment.GetEnvironmentVariable("AGGREGATOR_PROMTOOL") is { Length: > 0 } p ? p : "promtool";

    [Fact]
    public async Task PrometheusRule_PromtoolRuleTests_Pass()
    {
        var rendered = await Helm.TemplateAsync("prometheusRule:\n  enabled: true\n");
        var rule = rendered.Single("PrometheusRule");
        var dir = Directory.CreateTempSubdirectory("aggregator-alerts-").FullName;
        try
        {
            // promtool reads plain Prometheus rule files: the PrometheusRule's spec is one ({groups: …}).
            using (var writer = new StreamWriter(Path.Combine(dir, "rules.yaml")))
            {
                new YamlStream(new YamlDocument(rule.Root.Map("spec"))).Save(writer, assignAnchors: false);
            }

            string[] tests = ["alerts.test.yaml", "alerts-deadline.test.yaml"];
            foreach (var file in tests)
            {
                File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", file), Path.Combine(dir, file));
            }

            var check = await ProcessRunner.RunAsync(Promtool, ["check", "rules", "rules.yaml"], dir);
            Assert.True(check.ExitCode == 0, "promtool check rules: " + check.Output);
            var test = await ProcessRunner.RunAsync(Promtool, ["test", "rules", .. tests], dir);
            Assert.True(test.ExitCode == 0, "promtool test rules: " + test.Output);
            Assert.Contains("SUCCESS", test.StandardOutput + test.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task PrometheusRule_Disabled_ByDefault()
    {
        var rendered = await Helm.TemplateAsync();

        Assert.False(rendered.Any("PrometheusRule"));
    }
}
