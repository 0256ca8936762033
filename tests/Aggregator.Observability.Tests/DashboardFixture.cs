using System.Globalization;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Mapping;
using Aggregator.Testing.Synthetic;
using Aggregator.Observability.Tests.Infrastructure;
using Aggregator.Security;
using Google.Rpc;
using Grpc.Core;

namespace Aggregator.Observability.Tests;

/// <summary>
/// Two replicas of the server over one store (the first in-process, running the embedded Garnet; the
/// second a process of its own connected to it with the same signing key, as the Helm chart's 2..6
/// replicas share Redis),
/// a real Prometheus scraping both every second, and known traffic: accepted, rejected, replayed and
/// draft submissions (unary and over SubmitStream) and refused calls. After
/// <see cref="InitializeAsync"/> Prometheus has scraped the state after the traffic at least twice,
/// and <see cref="Ledger"/> holds what was sent.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>荆门市 in the sample registry.</summary>
    public const string City = "4208";

    /// <summary>The year most traffic reports on; its deadline (2025-03-31) has passed, so every unit is late or missing.</summary>
    public const int Year = 2024;

    /// <summary>A second year whose deadline is overridden to 2099: its submissions are on time.</summary>
    public const int OnTimeYear = 2025;

    public const string Job = "aggregator";

    /// <summary>The 8 districts of 荆门市, in registry order.</summary>
    public static readonly string[] Districts =
        ["420802", "420804", "420881", "420882", "420822", "jingmen-zhanghe", "jingmen-qujialing", "jingmen-hitech"];

    private static readonly TimeSpan s_scrapeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    /// <summary>The replica that runs the embedded store and takes most of the traffic.</summary>
    public ObservedServer Server { get; } = new();

    /// <summary>A second replica on the same store, in its own process.</summary>
    public ReplicaProcess Replica { get; } = new();

    public IReadOnlyList<string> Instances => [Server.MetricsTarget, Replica.MetricsTarget];

    public PrometheusProcess Prometheus { get; } = new();

    public GrafanaDashboard Dashboard { get; } = GrafanaDashboard.Load(GrafanaDashboard.DefaultPath);

    public TrafficLedger Ledger { get; } = new();

    public async Task InitializeAsync()
    {
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Aggregator:Metrics:Years:0"] = Year.ToString(CultureInfo.InvariantCulture),
                ["Aggregator:Metrics:Years:1"] = OnTimeYear.ToString(CultureInfo.InvariantCulture),
                ["Aggregator:Metrics:RefreshInterval"] = "00:00:01",
                ["Aggregator:Deadlines:Overrides:0:Level"] = "Government",
                ["Aggregator:Deadlines:Overrides:0:Year"] = OnTimeYear.ToString(CultureInfo.InvariantCulture),
                ["Aggregator:Deadlines:Overrides:0:Date"] = "2099-12-31",
            };
            await Server.StartAsync(settings);
            settings["Aggregator:Redis:ConnectionString"] = await Server.StoreConnectionStringAsync();
            settings["Aggregator:Auth:SigningKeyPath"] = Server.SigningKeyPath;
            await Replica.StartAsync(settings);

            await Prometheus.StartAsync(Instances, Job, s_scrapeInterval);
            await Prometheus.WaitUntilAsync($"up{{job=\"{Job}\"}} == 1", r => r.Count == 2, s_wait, "both replicas' /metrics targets up");
            await Prometheus.WaitUntilAsync("aggregator_store_up == 1", r => r.Count == 2, s_wait, "aggregator_store_up = 1 on both replicas");

            await SendTrafficAsync();
            await WaitForScrapeAfterTrafficAsync();
            await Prometheus.WaitForScrapesAsync(Job, 2, s_wait);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        // Prometheus first: it must not outlive a failed run. The replica before the store's owner.
        await Prometheus.DisposeAsync();
        await Replica.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>Values for the dashboard's variables and Grafana's globals: one city and year, or "All" (their allValue).</summary>
    public IReadOnlyDictionary<string, string> Selection(bool all)
    {
        string AllOf(string name) => Dashboard.Variables.FirstOrDefault(v => v.Name == name)?.AllValue ?? ".*";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["datasource"] = "prometheus",
            ["city"] = all ? AllOf("city") : City,
            ["year"] = all ? AllOf("year") : Year.ToString(CultureInfo.InvariantCulture),
            // Grafana: max(4 × scrape interval, interval + scrape interval) with its default 15 s scrape interval.
            ["__rate_interval"] = "1m",
            ["__interval"] = "15s",
            ["__interval_ms"] = "15000",
            // Longer than the test runs: the whole life of every series.
            ["__range"] = "5m",
            ["__range_s"] = "300",
            ["__range_ms"] = "300000",
        };
    }

    private async Task SendTrafficAsync()
    {
        var client = Server.Submissions;
        var random = new Random(2024);

        // 1. A stream (admin token of 湖北省: one system submitting for several units): 2 valid
        //    reports and 2 with s3.new_requests.total off by one. Held open until Prometheus saw it.
        using (var stream = client.SubmitStream(Server.As("42", Roles.Admin)))
        {
            var reading = Task.Run(async () =>
            {
                var acks = new List<Acknowledgement>();
                await foreach (var response in stream.ResponseStream.ReadAllAsync())
                {
                    acks.Add(response.Acknowledgement);
                }

                return acks;
            });

            var n = 0;
            foreach (var unit in Districts[..2])
            {
                await stream.RequestStream.WriteAsync(StreamMessage(++n, Valid(unit, Year, random)));
            }

            foreach (var seed in new[] { 1, 2 })
            {
                await stream.RequestStream.WriteAsync(StreamMessage(++n, Broken(Districts[6], Year, new Random(seed))));
            }

            await Prometheus.WaitUntilAsync("max(aggregator_streams_active)", r => r.Count == 1 && r[0].Value >= 1, s_wait, "an open SubmitStream");
            await stream.RequestStream.CompleteAsync();
            var streamAcks = await reading;
            Assert.Equal(4, streamAcks.Count);
            foreach (var ack in streamAcks)
            {
                if (ack.Outcome == AckOutcome.Accepted)
                {
                    Assert.False(ack.Replayed);
                    Ledger.Accepted++;
                }
                else
                {
                    Assert.Equal((int)StatusCode.InvalidArgument, ack.StatusCode);
                    Ledger.Rejected++;
                    foreach (var e in ack.Errors)
                    {
                        Ledger.Violation(e.RuleId);
                    }
                }
            }

            Assert.Equal(2, Ledger.Accepted);
            Assert.Equal(2, Ledger.Rejected);
        }

        // 2. Unary, district tokens: 3 valid reports (the first two retried: replays with the same key).
        var unary = new List<SubmitRequest>();
        foreach (var unit in Districts[2..5])
        {
            var request = Request(Valid(unit, Year, random));
            var ack = (await client.SubmitAsync(request, Server.As(unit, Roles.District))).Acknowledgement;
            Assert.False(ack.Replayed);
            Ledger.Accepted++;
            unary.Add(request);
        }

        foreach (var request in unary.Take(2))
        {
            var ack = (await client.SubmitAsync(request, Server.As(request.Report.UnitId, Roles.District))).Acknowledgement;
            Assert.True(ack.Replayed, "The same idempotency key must replay.");
            Ledger.Replayed++;
        }

        // 3. A draft: only section 三 of 漳河新区.
        {
            var full = Valid(Districts[5], Year, random);
            var draft = new Report { UnitId = full.UnitId, Year = full.Year, Format = full.Format, Requests = full.Requests };
            var ack = (await client.SubmitAsync(Request(draft), Server.As(Districts[5], Roles.District))).Acknowledgement;
            Assert.Equal(AckOutcome.Accepted, ack.Outcome);
            Ledger.Accepted++;
        }

        // 4. A unary rejection (屈家岭, its own token): INVALID_ARGUMENT with one field violation per error.
        {
            var e = await Assert.ThrowsAsync<RpcException>(() =>
                client.SubmitAsync(Request(Broken(Districts[6], Year, new Random(3))), Server.As(Districts[6], Roles.District)).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
            var badRequest = e.GetRpcStatus()?.GetDetail<BadRequest>();
            Assert.NotNull(badRequest);
            Ledger.Rejected++;
            foreach (var v in badRequest.FieldViolations)
            {
                Assert.DoesNotContain("more", v.Description.Split(':')[0], StringComparison.Ordinal);
                Ledger.Violation(v.Description.Split(':')[0]);
            }
        }

        // 5. The on-time year, through the second replica: 2 units submit before the (overridden) deadline.
        foreach (var unit in Districts[..2])
        {
            var ack = (await Replica.Submissions.SubmitAsync(Request(Valid(unit, OnTimeYear, random)), Server.As(unit, Roles.District))).Acknowledgement;
            Assert.False(ack.Replayed);
            Ledger.Accepted++;
        }

        // 6. Refused calls: no token, forged token, expired token (all UNAUTHENTICATED before the service),
        //    and a district submitting for another unit (PERMISSION_DENIED, also a rejected submission).
        var someReport = Request(Valid(Districts[7], Year, random));
        await ExpectRefusedAsync(Replica.Submissions, someReport, null, StatusCode.Unauthenticated, "missing_token");
        var forgedKey = new byte[Server.SigningKey.Length];
        Random.Shared.NextBytes(forgedKey);
        await ExpectRefusedAsync(client, someReport, TokenIssuer.Mint(forgedKey, Districts[7], Roles.District, TimeSpan.FromHours(1)),
            StatusCode.Unauthenticated, "invalid_token");
        await ExpectRefusedAsync(client, someReport,
            TokenIssuer.Mint(Server.SigningKey, Districts[7], Roles.District, TimeSpan.FromMinutes(5), now: DateTimeOffset.UtcNow.AddHours(-2)),
            StatusCode.Unauthenticated, "expired_token");
        await ExpectRefusedAsync(client, someReport, TokenIssuer.Mint(Server.SigningKey, Districts[6], Roles.District, TimeSpan.FromHours(1)),
            StatusCode.PermissionDenied, "other_unit");
        Ledger.Rejected++;
    }

    private async Task ExpectRefusedAsync(SubmissionService.SubmissionServiceClient client, SubmitRequest request, string? token, StatusCode code, string reason)
    {
        var e = await Assert.ThrowsAsync<RpcException>(() => client.SubmitAsync(request, ObservedServer.With(token)).ResponseAsync);
        Assert.Equal(code, e.StatusCode);
        Ledger.Denied(reason);
    }

    /// <summary>Waits until Prometheus has a scrape showing every submission, every denial, the stream closed and the status gauges refreshed.</summary>
    private async Task WaitForScrapeAfterTrafficAsync()
    {
        await Prometheus.WaitUntilAsync("sum(aggregator_submissions_total)",
            r => r.Count == 1 && r[0].Value == Ledger.Total, s_wait, $"{Ledger.Total} submissions");
        await Prometheus.WaitUntilAsync("sum(aggregator_auth_denied_total)",
            r => r.Count == 1 && r[0].Value == Ledger.DeniedTotal, s_wait, $"{Ledger.DeniedTotal} auth denials");
        await Prometheus.WaitUntilAsync("max(aggregator_streams_active)", r => r.Count == 1 && r[0].Value == 0, s_wait, "the stream closed");
        await Prometheus.WaitUntilAsync(
            $"sum by (instance, year) (aggregator_units{{city=\"{City}\",status=~\"submitted|draft\"}})",
            r => r.Count(s => s.Label("year") == Year.ToString(CultureInfo.InvariantCulture) && s.Value == 6) == 2
                && r.Count(s => s.Label("year") == OnTimeYear.ToString(CultureInfo.InvariantCulture) && s.Value == 2) == 2,
            s_wait, "the status gauges of both replicas after the traffic (6 units started in 2024, 2 in 2025)");
    }

    private static SubmitStreamRequest StreamMessage(int n, Report report) =>
        new() { CorrelationId = "c" + n.ToString(CultureInfo.InvariantCulture), Submission = Request(report) };

    private static SubmitRequest Request(Report report) =>
        new() { Report = report, IdempotencyKey = "obs-" + Guid.NewGuid().ToString("N") };

    private static Report Valid(string unit, int year, Random random) =>
        ReportMapper.ToProto(SyntheticReports.Create(new UnitId(unit), new ReportYear(year), random));

    /// <summary>A valid report with <c>s3.new_requests.total</c> off by one: A3.row_total and A3.balance fail.</summary>
    private static Report Broken(string unit, int year, Random random)
    {
        var report = Valid(unit, year, random);
        report.Requests.NewRequests.Total += 1;
        return report;
    }
}

/// <summary>What the traffic sent, as the server should count it.</summary>
public sealed class TrafficLedger
{
    private readonly Dictionary<string, int> _violations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _denials = new(StringComparer.Ordinal);

    public int Accepted { get; set; }

    public int Rejected { get; set; }

    public int Replayed { get; set; }

    public int Total => Accepted + Rejected + Replayed;

    public IReadOnlyDictionary<string, int> Violations => _violations;

    public IReadOnlyDictionary<string, int> Denials => _denials;

    public int DeniedTotal => _denials.Values.Sum();

    public void Violation(string rule) => _violations[rule] = _violations.GetValueOrDefault(rule) + 1;

    public void Denied(string reason) => _denials[reason] = _denials.GetValueOrDefault(reason) + 1;
}
