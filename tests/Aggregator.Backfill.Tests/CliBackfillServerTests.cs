using System.Text.RegularExpressions;
using Aggregator.Backfill.Tests.Samples;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Testing;

namespace Aggregator.Backfill.Tests;

/// <summary>
/// The real <c>aggregator backfill samples/published</c> in-process against the test server (its own
/// store, nothing backfilled before), on redis-server and embedded Garnet.
/// </summary>
public abstract partial class CliBackfillServerTests<TFixture>(TFixture fixture)
    where TFixture : BackfillServerFixture
{
    private CliRunner Runner()
    {
        var runner = new CliRunner();
        runner.Environment["AGGREGATOR_SERVER"] = fixture.Address;
        runner.Environment["AGGREGATOR_TOKEN"] = TokenIssuer.Mint(fixture.SigningKey, BackfillServerFixture.City, Roles.City, TimeSpan.FromHours(1));
        return runner;
    }

    [Fact]
    public async Task BackfillCommand_OnTheSamplesDirectory_ImportsEveryFile_ThenReplaysEveryFile()
    {
        var count = SamplesDirectory.Files().Count;

        var first = await Runner().RunAsync("backfill", SamplesDirectory.Published);
        var second = await Runner().RunAsync("backfill", SamplesDirectory.Published);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"imported {count}, replayed 0, unparseable 0, other refusals 0", first.Out, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, int>(StringComparer.Ordinal)
            {
                ["A3.results_total"] = 2, ["A4.group_total"] = 1, ["N1"] = 1, ["Y2.in_force"] = 1, ["Y2.previous_items"] = 1,
            },
            FindingsByRule(first.Out));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"imported 0, replayed {count}, unparseable 0, other refusals 0", second.Out, StringComparison.Ordinal);
        var history = await fixture.Submissions.ListVersionsAsync(
            new ListVersionsRequest { UnitId = "420802", Year = 2022 }, fixture.As(BackfillServerFixture.City, Roles.City));
        Assert.Equal([(1L, RecordSource.Published)], history.Versions.Select(v => (v.Version, v.Source)));
    }

    [Fact]
    public async Task BackfillCommand_OnAListOfAddresses_FetchesDecodesAndImportsEachPage()
    {
        // 京山市 2023 is not among the samples: a page served in GBK behind a redirect, listed in a --map file.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var text = File.ReadAllText(Path.Combine(SamplesDirectory.Published, "420882-2022.txt")).Replace("2022年", "2023年", StringComparison.Ordinal);
        var body = System.Text.Encoding.GetEncoding("GBK").GetBytes(text);
        using var listener = new System.Net.HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var serving = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                System.Net.HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (Exception e) when (e is System.Net.HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                if (context.Request.Url!.AbsolutePath == "/go")
                {
                    context.Response.StatusCode = 302;
                    context.Response.RedirectLocation = "/xxgk/jingshan-2023.txt";
                }
                else
                {
                    context.Response.ContentType = "text/plain; charset=GBK";
                    await context.Response.OutputStream.WriteAsync(body);
                }

                context.Response.Close();
            }
        });
        var map = Path.Combine(Path.GetTempPath(), "aggregator-addresses-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(map, $"path,unit,year\nhttp://127.0.0.1:{port}/go,420882,2023\n");
        try
        {
            var result = await Runner().RunAsync("backfill", "--map", map, "--lang", "en");

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("imported 1, replayed 0, unparseable 0, other refusals 0", result.Out, StringComparison.Ordinal);
            var history = await fixture.Submissions.ListVersionsAsync(
                new ListVersionsRequest { UnitId = "420882", Year = 2023 }, fixture.As(BackfillServerFixture.City, Roles.City));
            Assert.Equal([(1L, RecordSource.Published)], history.Versions.Select(v => (v.Version, v.Source)));
        }
        finally
        {
            File.Delete(map);
            listener.Stop();
            listener.Close();
            await serving;
        }
    }

    private static int FreePort()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The "Findings by rule" table: rule id → count.</summary>
    private static Dictionary<string, int> FindingsByRule(string output)
    {
        var table = output[output.IndexOf("Findings by rule", StringComparison.Ordinal)..];
        return RuleRow().Matches(table).ToDictionary(m => m.Groups["rule"].Value, m => int.Parse(m.Groups["count"].Value, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"│\s*(?<rule>[AYN][\w.]*)\s*│\s*\w+\s*│\s*(?<count>\d+)\s*│")]
    private static partial Regex RuleRow();
}

public sealed class RedisCliBackfillServerTests(RedisBackfillFixture fixture) : CliBackfillServerTests<RedisBackfillFixture>(fixture), IClassFixture<RedisBackfillFixture>;

public sealed class GarnetCliBackfillServerTests(GarnetBackfillFixture fixture) : CliBackfillServerTests<GarnetBackfillFixture>(fixture), IClassFixture<GarnetBackfillFixture>;
