using System.ComponentModel;
using System.Diagnostics;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Observability.Tests.Infrastructure;
using Aggregator.Security;
using Grpc.Core;
using Xunit.Abstractions;

namespace Aggregator.Observability.Tests;

/// <summary>
/// A full scrape of a running server (every instrument with data: submissions, violations, latency,
/// store round trips, streams, auth denials, status gauges, ASP.NET Core and runtime metrics) passes
/// <c>promtool check metrics</c> (Prometheus's exposition-format lint: naming, suffixes, units, help).
/// promtool missing is a failure, never a skip (Debian's prometheus package ships it; scripts/bootstrap.sh installs it).
/// </summary>
/// <remarks>
/// Runs alone, after the other collections: OpenTelemetry's MeterProvider of one host also listens to
/// another host's meter of the same name in this process, so a second server started next to
/// <see cref="DashboardFixture"/>'s would mix its instruments into that host's scrape.
/// </remarks>
[Collection(nameof(PromtoolServerTests))]
public sealed class PromtoolServerTests(ITestOutputHelper output)
{
    public static string Executable =>
        Environment.GetEnvironmentVariable("AGGREGATOR_PROMTOOL") is { Length: > 0 } p ? p : "promtool";

    [Fact]
    public async Task FullScrape_PromtoolCheckMetrics_NoProblems()
    {
        await using var server = new ObservedServer();
        await server.StartAsync(new Dictionary<string, string?> { ["Aggregator:Metrics:Years:0"] = "2021" });
        var submissions = server.Submissions;
        await submissions.SubmitAsync(new SubmitRequest { Report = Valid("420802"), IdempotencyKey = "ok" }, server.As("420802", Roles.District));
        var broken = Valid("420804");
        broken.Requests.NewRequests.Total += 1;
        await Assert.ThrowsAsync<RpcException>(() => submissions.SubmitAsync(new SubmitRequest { Report = broken, IdempotencyKey = "bad" }, server.As("420804", Roles.District)).ResponseAsync);
        await Assert.ThrowsAsync<RpcException>(() => submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = "420802", Year = 2021 }, ObservedServer.With("not-a-token")).ResponseAsync);
        using (var stream = submissions.SubmitStream(server.As("420881", Roles.District)))
        {
            await stream.RequestStream.WriteAsync(new SubmitStreamRequest { CorrelationId = "s", Submission = new SubmitRequest { Report = Valid("420881"), IdempotencyKey = "s" } });
            await stream.RequestStream.CompleteAsync();
            await foreach (var _ in stream.ResponseStream.ReadAllAsync())
            {
            }
        }

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var scrape = await http.GetStringAsync($"http://{server.MetricsTarget}/metrics");
        Assert.Contains("aggregator_submissions_total", scrape, StringComparison.Ordinal);
        Assert.Contains("dotnet_", scrape, StringComparison.Ordinal);

        var (code, lint) = await PromtoolCheckAsync(scrape);

        output.WriteLine($"promtool check metrics: exit {code}, {scrape.Split('\n').Length} lines scraped\n{lint}");
        Assert.True(code == 0 && lint.Trim().Length == 0, $"promtool check metrics: exit {code}\n{lint}");

        // The ratio gauges follow the _ratio convention (0..1, unit 1).
        Assert.Contains("aggregator_reporting_ratio{", scrape, StringComparison.Ordinal);
        Assert.Contains("aggregator_timeliness_ratio{", scrape, StringComparison.Ordinal);
        Assert.DoesNotContain("_rate{", scrape, StringComparison.Ordinal);
    }

    private static Report Valid(string unit) =>
        ReportMapper.ToProto(SyntheticReports.Create(new UnitId(unit), new ReportYear(2021), new Random(unit.GetHashCode(StringComparison.Ordinal))));

    private static async Task<(int Code, string Output)> PromtoolCheckAsync(string exposition)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("check");
        psi.ArgumentList.Add("metrics");
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("promtool did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"promtool not found ('{Executable}'): install Debian's prometheus package (scripts/bootstrap.sh) or set AGGREGATOR_PROMTOOL.", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardInput.WriteAsync(exposition);
            process.StandardInput.Close();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}

[CollectionDefinition(nameof(PromtoolServerTests), DisableParallelization = true)]
public sealed class PromtoolCollection;
