using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Aggregator.Server.Tests;

/// <summary>
/// The server as a child process on embedded Garnet, killed with SIGKILL in the middle of a stream,
/// while submissions are written and not yet acknowledged: every acknowledgement received before the
/// kill must name a stored version after a restart on the same data directory (the group commit's
/// COMMITAOF returns only once the AOF is on disk).
/// </summary>
/// <remarks>
/// The same run with the commit removed (<c>Aggregator:Redis:UnsafeSkipDurableCommit</c>, a test-only
/// switch) must lose acknowledged submissions, or the test could not fail for the reason it claims:
/// the embedded Garnet commits its AOF only when asked (<c>--aof-commit-freq -1</c>), so without the
/// store's COMMITAOF nothing written since the start is recovered (a SIGKILL keeps the page cache,
/// but what was never committed is not replayed).
/// </remarks>
public sealed partial class CrashDurabilityTests(ITestOutputHelper output)
{
    private static readonly string[] s_units = ["420802", "420804", "420881", "420882", "420822", "jingmen-zhanghe", "jingmen-qujialing", "jingmen-hitech"];

    [Fact]
    public Task EmbeddedGarnet_KilledMidStreamWithWritesUnacknowledged_KeepsEveryAcknowledgedSubmission() =>
        KillMidStreamAsync(skipCommit: false);

    [Fact]
    public Task EmbeddedGarnet_WithoutTheDurableCommit_KilledMidStream_LosesAcknowledgedSubmissions() =>
        KillMidStreamAsync(skipCommit: true);

    private async Task KillMidStreamAsync(bool skipCommit)
    {
        var data = Directory.CreateTempSubdirectory("agg-crash-").FullName;
        var port = Storage.Redis.EmbeddedGarnet.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["Aggregator__Limits__SubmissionsPerSecond"] = "1000000",
            ["Aggregator__Limits__SubmissionBurst"] = "1000000",
            ["Aggregator__Limits__MaxVersionsPerUnitYear"] = "1000000",
            ["Aggregator__Limits__MaxYearsAhead"] = "100",
            // A durability test, not a latency one: a loaded machine must not turn writes into timeouts.
            ["Aggregator__Redis__TimeoutMilliseconds"] = "20000",
            // Background checkpoints while the stream writes (recovery is the last checkpoint plus the
            // log after it); off without the commit, where a checkpoint would save what the log lost.
            ["Aggregator__Redis__EmbeddedCheckpointSeconds"] = skipCommit ? "0" : "1",
        };
        if (skipCommit)
        {
            settings["Aggregator__Redis__UnsafeSkipDurableCommit"] = "true";
            settings[Storage.Redis.RedisStoreOptions.UnsafeSwitchesVariable] = "1";
        }

        try
        {
            var (server, address) = await StartServerAsync(data, port, settings);
            var key = SigningKey.Load(Path.Combine(data, "signing-key"));
            var admin = ServerFixture.With(TokenIssuer.Mint(key, "42", Roles.Admin, TimeSpan.FromHours(1)));
            var acknowledged = new List<(string Unit, int Year, long Version, string Key)>();
            var written = 0;
            int unacknowledgedAtKill;
            using (var channel = GrpcChannel.ForAddress(address))
            {
                var client = new SubmissionService.SubmissionServiceClient(channel);
                using var call = client.SubmitStream(admin);
                using var stop = new CancellationTokenSource();
                var writer = Task.Run(async () =>
                {
                    for (var i = 0; i < 100_000 && !stop.IsCancellationRequested; i++)
                    {
                        var (unit, year) = (s_units[i % s_units.Length], 2021 + (i / s_units.Length % 10));
                        await call.RequestStream.WriteAsync(new SubmitStreamRequest
                        {
                            CorrelationId = i.ToString(CultureInfo.InvariantCulture),
                            Submission = new SubmitRequest { Report = TestReports.Zhanghe2021(unit, year), IdempotencyKey = "crash-" + i.ToString(CultureInfo.InvariantCulture) },
                        }, stop.Token);
                        Interlocked.Increment(ref written);
                    }
                });

                // Kill once 600 acknowledgements arrived, while the writer keeps writing.
                await foreach (var response in call.ResponseStream.ReadAllAsync())
                {
                    var ack = response.Acknowledgement;
                    // Only an accepted acknowledgement promises anything; UNAVAILABLE (status 14) means "unknown".
                    Assert.True(ack.Outcome == AckOutcome.Accepted || ack.StatusCode == (int)StatusCode.Unavailable, $"{ack.UnitId}:{ack.Year} {ack.Outcome} {ack.StatusCode} {ack.StatusMessage}");
                    if (ack.Outcome != AckOutcome.Accepted)
                    {
                        continue;
                    }

                    acknowledged.Add((ack.UnitId, ack.Year, ack.Version, "crash-" + response.CorrelationId));
                    if (acknowledged.Count == 600)
                    {
                        server.Kill(entireProcessTree: true);
                        break;
                    }
                }

                Assert.True(acknowledged.Count == 600, $"the stream ended after {acknowledged.Count} acknowledgements, before the kill");
                unacknowledgedAtKill = Volatile.Read(ref written) - acknowledged.Count;
                await stop.CancelAsync();
                await server.WaitForExitAsync();
                server.Dispose();
                // The writer stops: its stream broke with the kill, or it saw the cancellation between two
                // writes and ended its loop (which one depends on timing; either way nothing more is sent).
                try
                {
                    await writer;
                }
                catch (Exception)
                {
                    // RpcException or OperationCanceledException: the stream ended under it.
                }
            }

            // The kill came with writes sent and not acknowledged (in the writer's queue, the store or the stream).
            Assert.True(unacknowledgedAtKill > 0, "no write was in flight at the kill");

            var (restarted, restartedAddress) = await StartServerAsync(data, port, settings);
            try
            {
                using var channel = GrpcChannel.ForAddress(restartedAddress);
                var client = new SubmissionService.SubmissionServiceClient(channel);
                var lost = new List<string>();
                foreach (var group in acknowledged.GroupBy(a => (a.Unit, a.Year)))
                {
                    var stored = new Dictionary<long, string>();
                    var token = "";
                    do
                    {
                        var page = await client.ListVersionsAsync(new ListVersionsRequest { UnitId = group.Key.Unit, Year = group.Key.Year, PageSize = 1000, PageToken = token }, admin);
                        foreach (var v in page.Versions)
                        {
                            stored[v.Version] = v.IdempotencyKey;
                        }

                        token = page.NextPageToken;
                    }
                    while (token.Length > 0);

                    lost.AddRange(group.Where(a => stored.GetValueOrDefault(a.Version) != a.Key).Select(a => $"{a.Unit}:{a.Year} v{a.Version} ({a.Key})"));
                }

                output.WriteLine($"skip commit: {skipCommit}; acknowledged {acknowledged.Count}, written {written}, unacknowledged at the kill {unacknowledgedAtKill}; lost after restart: {lost.Count}");
                if (skipCommit)
                {
                    Assert.True(lost.Count > 0, "nothing acknowledged was lost without the commit: the test cannot tell a durable acknowledgement from one that is not");
                }
                else
                {
                    Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged submissions lost: {string.Join(", ", lost.Take(20))}");
                }
            }
            finally
            {
                await ChildProcess.KillAsync(restarted);
            }
        }
        finally
        {
            ChildProcess.DeleteDirectory(data);
        }
    }

    /// <summary>The real server (<c>dotnet Aggregator.Server.dll</c>) as a child process on embedded Garnet in <paramref name="data"/>.</summary>
    internal static async Task<(Process Process, string Address)> StartServerAsync(string data, int garnetPort, IReadOnlyDictionary<string, string>? environment = null)
    {
        var grpcPort = Storage.Redis.EmbeddedGarnet.FreePort();
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Aggregator.Server.dll"));
        psi.Environment["Aggregator__DataDirectory"] = data;
        psi.Environment["Aggregator__Endpoints__Grpc"] = "http://127.0.0.1:" + grpcPort;
        psi.Environment["Aggregator__Endpoints__Metrics"] = "";
        psi.Environment["Aggregator__Endpoints__Web"] = "";
        psi.Environment["Aggregator__Redis__EmbeddedPort"] = garnetPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["Aggregator__RegistryPath"] = Path.Combine(AppContext.BaseDirectory, "registry", "jingmen.yaml");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        var started = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line && ListeningLine().Match(line) is { Success: true } m)
            {
                started.TrySetResult(m.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return (process, address);
    }

    [GeneratedRegex(@"Aggregator listening on (http://\S+)")]
    private static partial Regex ListeningLine();
}
