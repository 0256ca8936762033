using System.Globalization;
using Aggregator.Contracts.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Aggregator.Reliability.Tests.Infrastructure;

/// <summary>Client behaviours shared by the crash and restart tests.</summary>
public static class Clients
{
    public static string Key(string unit, int i) => unit + "#" + i.ToString(CultureInfo.InvariantCulture);

    public static int SeedOf(string key) => int.Parse(key[(key.LastIndexOf('#') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>
    /// Streams submission after submission of one unit (up to <paramref name="window"/> unacknowledged)
    /// until <paramref name="stop"/> or until the stream breaks (the server was killed). A key is
    /// recorded as sent before it is written: a write that throws may still have reached the server.
    /// Returns the status codes of rejected acknowledgements (there should be none).
    /// </summary>
    public static async Task<List<string>> StreamUntilBrokenAsync(
        string address, string token, UnitLedger ledger, int year, int window, CancellationToken stop)
    {
        var rejections = new List<string>();
        using var channel = GrpcChannel.ForAddress(address);
        var client = new SubmissionService.SubmissionServiceClient(channel);
        using var call = client.SubmitStream(new CallOptions(new Metadata { { "authorization", "Bearer " + token } }));
        using var slots = new SemaphoreSlim(window);
        using var broken = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var response in call.ResponseStream.ReadAllAsync())
                {
                    var ack = response.Acknowledgement;
                    if (ack.Outcome == AckOutcome.Accepted)
                    {
                        ledger.RecordAck(response.CorrelationId, ack.Version);
                    }
                    else
                    {
                        lock (rejections)
                        {
                            rejections.Add(response.CorrelationId + ": " + ack.StatusCode + " " + ack.StatusMessage);
                        }
                    }

                    slots.Release();
                }
            }
            catch (RpcException)
            {
            }
            catch (IOException)
            {
            }
            finally
            {
                await broken.CancelAsync();
            }
        }, CancellationToken.None);

        var i = 0;
        try
        {
            while (!broken.IsCancellationRequested)
            {
                await slots.WaitAsync(broken.Token);
                var key = Key(ledger.Unit, ++i);
                ledger.RecordSent(key);
                await call.RequestStream.WriteAsync(new SubmitStreamRequest
                {
                    CorrelationId = key,
                    Submission = new SubmitRequest { Report = Reports.Valid(ledger.Unit, year, i), IdempotencyKey = key },
                }, CancellationToken.None);
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is RpcException or IOException or OperationCanceledException or InvalidOperationException)
        {
        }

        await reader;
        return rejections;
    }

    /// <summary>
    /// Sends one submission with unary Submit until the server answers it (retrying UNAVAILABLE and
    /// connection failures with the same idempotency key), then records the acknowledgement.
    /// </summary>
    public static async Task<Acknowledgement> SubmitUntilAnsweredAsync(
        SubmissionService.SubmissionServiceClient client, string token, UnitLedger ledger, int year, string key, TimeSpan giveUpAfter)
    {
        var deadline = DateTime.UtcNow + giveUpAfter;
        ledger.RecordSent(key);
        while (true)
        {
            try
            {
                var response = await client.SubmitAsync(
                    new SubmitRequest { Report = Reports.Valid(ledger.Unit, year, SeedOf(key)), IdempotencyKey = key },
                    new CallOptions(new Metadata { { "authorization", "Bearer " + token } }, DateTime.UtcNow.AddSeconds(10)));
                ledger.RecordAck(key, response.Acknowledgement.Version);
                return response.Acknowledgement;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
