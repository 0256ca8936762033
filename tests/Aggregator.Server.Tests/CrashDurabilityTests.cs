using System.Diagnostics;
using System.Text.RegularExpressions;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Grpc.Core;
using Grpc.Net.Client;

namespace Aggregator.Server.Tests;

/// <summary>
/// The server as a child process on embedded Garnet, killed with SIGKILL after acknowledging: every
/// acknowledged submission must be there after a restart on the same data directory (proves that
/// the group commit's COMMITAOF returns only once the AOF is on disk).
/// </summary>
public sealed partial class CrashDurabilityTests
{
    [Fact]
    public async Task EmbeddedGarnet_KilledAfterAcknowledging_KeepsEveryAcknowledgedSubmission()
    {
        var data = Directory.CreateTempSubdirectory("agg-crash-").FullName;
        var port = Storage.Redis.EmbeddedGarnet.FreePort();
        try
        {
            var server = await StartServerAsync(data, port);
            var key = SigningKey.Load(Path.Combine(data, "signing-key"));
            string[] units = ["420802", "420804", "420881", "420882", "420822", "jingmen-zhanghe", "jingmen-qujialing", "jingmen-hitech"];
            var acknowledged = new List<(string Unit, long Version)>();
            using (var channel = GrpcChannel.ForAddress(server.Address))
            {
                var client = new SubmissionService.SubmissionServiceClient(channel);
                using var call = client.SubmitStream(ServerFixture.With(TokenIssuer.Mint(key, "42", Roles.Admin, TimeSpan.FromHours(1))));
                var i = 0;
                foreach (var unit in units)
                {
                    foreach (var year in new[] { 2021, 2022, 2023 })
                    {
                        await call.RequestStream.WriteAsync(new SubmitStreamRequest
                        {
                            CorrelationId = (i++).ToString(System.Globalization.CultureInfo.InvariantCulture),
                            Submission = new SubmitRequest { Report = TestReports.Zhanghe2021(unit, year), IdempotencyKey = "crash" },
                        });
                    }
                }

                await call.RequestStream.CompleteAsync();
                await foreach (var response in call.ResponseStream.ReadAllAsync())
                {
                    Assert.Equal(AckOutcome.Accepted, response.Acknowledgement.Outcome);
                    acknowledged.Add((response.Acknowledgement.UnitId + ":" + response.Acknowledgement.Year, response.Acknowledgement.Version));
                }
            }

            server.Process.Kill(entireProcessTree: true);
            await server.Process.WaitForExitAsync();
            server.Process.Dispose();

            var restarted = await StartServerAsync(data, port);
            try
            {
                using var channel = GrpcChannel.ForAddress(restarted.Address);
                var client = new SubmissionService.SubmissionServiceClient(channel);
                var admin = ServerFixture.With(TokenIssuer.Mint(key, "42", Roles.Admin, TimeSpan.FromHours(1)));
                Assert.Equal(24, acknowledged.Count);
                foreach (var unit in units)
                {
                    foreach (var year in new[] { 2021, 2022, 2023 })
                    {
                        var stored = await client.GetSubmissionAsync(new GetSubmissionRequest { UnitId = unit, Year = year }, admin);
                        Assert.Equal(1, stored.Info.Version);
                        Assert.Equal(TestReports.Zhanghe2021(unit, year), stored.Report);
                    }
                }
            }
            finally
            {
                restarted.Process.Kill(entireProcessTree: true);
                await restarted.Process.WaitForExitAsync();
                restarted.Process.Dispose();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The real server (<c>dotnet Aggregator.Server.dll</c>) as a child process on embedded Garnet in <paramref name="data"/>.</summary>
    internal static async Task<(Process Process, string Address)> StartServerAsync(string data, int garnetPort)
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
        psi.Environment["Aggregator__Redis__EmbeddedPort"] = garnetPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["Aggregator__RegistryPath"] = Path.Combine(AppContext.BaseDirectory, "registry", "jingmen.yaml");
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
