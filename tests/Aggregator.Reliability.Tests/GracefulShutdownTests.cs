using Aggregator.Testing;
using Aggregator.Contracts.V1;
using Aggregator.Reliability.Tests.Infrastructure;
using Aggregator.Security;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit.Abstractions;

namespace Aggregator.Reliability.Tests;

/// <summary>
/// SIGTERM of the server process (graceful shutdown) while a client streams submissions and has not
/// half-closed: every message the client sent is either acknowledged or the call ends non-OK
/// (UNAVAILABLE, retryable); never OK with acknowledgements missing.
/// </summary>
[Trait("Category", "Reliability")]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const int Year = 2043;

    [Fact]
    public async Task SigtermMidStream_ClientNotHalfClosed_EveryMessageAckedOrCallEndsUnavailable()
    {
        await using var server = await ServerProcess.StartAsync(null);
        const string Unit = "420802";
        var ledger = new UnitLedger(Unit);
        using var channel = GrpcChannel.ForAddress(server.Address);
        var client = new SubmissionService.SubmissionServiceClient(channel);
        using var call = client.SubmitStream(new CallOptions(
            new Metadata { { "authorization", "Bearer " + server.Token(Unit, Roles.District) } }, DateTime.UtcNow.AddSeconds(120)));

        // The reader: every acknowledgement, then the call's status.
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync())
                {
                    Assert.Equal(AckOutcome.Accepted, response.Acknowledgement.Outcome);
                    ledger.RecordAck(response.CorrelationId, response.Acknowledgement.Version);
                }

                return Status.DefaultSuccess;
            }
            catch (RpcException e)
            {
                return e.Status;
            }
        });

        // The writer: up to 1024 unacknowledged (more than the server reads ahead), never half-closes.
        var writer = Task.Run(async () =>
        {
            for (var i = 1; !reader.IsCompleted; i++)
            {
                while (ledger.Unacknowledged().Count >= 1024 && !reader.IsCompleted)
                {
                    await Task.Delay(1);
                }

                var key = Clients.Key(Unit, i);
                ledger.RecordSent(key);
                try
                {
                    await call.RequestStream.WriteAsync(new SubmitStreamRequest
                    {
                        CorrelationId = key,
                        Submission = new SubmitRequest { Report = Reports.Valid(Unit, Year, i), IdempotencyKey = key },
                    }).WaitAsync(TimeSpan.FromSeconds(5));
                }
                catch (Exception e) when (e is RpcException or IOException or InvalidOperationException or TimeoutException or OperationCanceledException)
                {
                    return;
                }
            }
        });

        // Act: SIGTERM once the stream is busy.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (ledger.Acknowledged.Count < 300 && watch.Elapsed < TimeSpan.FromSeconds(60) && !reader.IsCompleted)
        {
            await Task.Delay(10);
        }

        var ackedAtSigterm = ledger.Acknowledged.Count;
        Assert.True(ackedAtSigterm >= 300, "the stream was not busy before SIGTERM:\n" + server.Output);
        var exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(60));
        var status = await reader.WaitAsync(TimeSpan.FromSeconds(30));
        await writer.WaitAsync(TimeSpan.FromSeconds(30));

        // Assert
        var unacknowledged = ledger.Unacknowledged();
        output.WriteLine($"{ackedAtSigterm} acknowledged at SIGTERM, {ledger.Acknowledged.Count} in all, {ledger.Sent.Count} sent, "
            + $"{unacknowledged.Count} without acknowledgement; status {status.StatusCode} \"{status.Detail}\"; exit code {exitCode}");
        Assert.True(unacknowledged.Count > 0, "the client had nothing unacknowledged at shutdown: the probe tested nothing");
        Assert.True(status.StatusCode == StatusCode.Unavailable,
            $"the call ended {status.StatusCode} (\"{status.Detail}\") with {unacknowledged.Count} sent messages unacknowledged:\n{server.Output}");
        Assert.Contains("resend", status.Detail, StringComparison.Ordinal);
    }
}
