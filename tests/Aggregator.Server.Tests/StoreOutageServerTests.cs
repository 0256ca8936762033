using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Aggregator.Testing;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Aggregator.Server.Tests;

/// <summary>
/// redis-server stopped under calls: every caller gets UNAVAILABLE with the short stable message (no
/// key names, no StackExchange.Redis diagnostics), and the log gets the cause once per outage, then
/// the count, not a stack trace per call.
/// </summary>
public sealed class StoreOutageServerTests
{
    private const int Year = 2035;

    private static readonly string[] s_internals = ["agg:", "{", "mc:", "IOCP", "WORKER", "clientName", "Connection refused", "StackExchange", "127.0.0.1", "MGET", "EVAL", "HMGET"];

    [Fact]
    public async Task RedisStopped_CallsGetStableMessage_LogHasOneStackTraceThenTheCount()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
        {
            UseRedisServer = true,
            RedisTimeoutMilliseconds = 1000,
            ConfigureBuilder = b => b.Logging.AddProvider(logs),
        });
        var submissions = new SubmissionService.SubmissionServiceClient(server.Channel);
        var district = server.As("jingmen-hitech", Roles.District);
        await submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "before" }, district);

        await server.StopStoreAsync();
        var details = new List<string>();
        const int Unary = 20;
        const int Reads = 10;
        const int Streamed = 10;
        for (var i = 0; i < Unary; i++)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => submissions.SubmitAsync(
                new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "down-" + i }, server.As("jingmen-hitech", Roles.District)).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            details.Add(e.Status.Detail);
        }

        for (var i = 0; i < Reads; i++)
        {
            var e = await Assert.ThrowsAsync<RpcException>(() => submissions.GetSubmissionAsync(
                new GetSubmissionRequest { UnitId = "jingmen-hitech", Year = Year }, server.As("jingmen-hitech", Roles.District)).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            details.Add(e.Status.Detail);
        }

        using (var stream = submissions.SubmitStream(server.As("jingmen-hitech", Roles.District)))
        {
            for (var i = 0; i < Streamed; i++)
            {
                await stream.RequestStream.WriteAsync(new SubmitStreamRequest
                {
                    CorrelationId = "s" + i,
                    Submission = new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "stream-" + i },
                });
            }

            await stream.RequestStream.CompleteAsync();
            await foreach (var response in stream.ResponseStream.ReadAllAsync())
            {
                Assert.Equal((int)StatusCode.Unavailable, response.Acknowledgement.StatusCode);
                details.Add(response.Acknowledgement.StatusMessage);
            }
        }

        // Assert: callers see the stable message only.
        Assert.Equal(Unary + Reads + Streamed, details.Count);
        Assert.All(details, d => Assert.Equal(StoreUnavailableException.CallerMessage, d));
        Assert.All(details, d => Assert.DoesNotContain(s_internals, d.Contains));

        // Assert: one stack trace for the outage (the first failure, with its cause), none per call.
        var withException = logs.Entries.Where(l => l.Exception is not null).ToList();
        Assert.True(withException.Count == 1, $"{withException.Count} log entries with a stack trace:\n"
            + string.Join("\n", withException.Select(l => $"{l.Category} {l.EventId.Name}: {l.Message}")));
        Assert.Equal("StoreOutageStarted", withException[0].EventId.Name);
        Assert.DoesNotContain(logs.Entries, l => l.Level >= LogLevel.Error);

        // After the store is back and no call has failed for the quiet period: the count, once.
        await server.StartStoreAsync();
        var deadline = DateTime.UtcNow + StoreOutageLog.QuietPeriod + TimeSpan.FromSeconds(20);
        LogEntry? ended;
        while ((ended = logs.Entries.FirstOrDefault(l => l.EventId.Name == "StoreOutageEnded")) is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
        }

        Assert.NotNull(ended);
        var counted = long.Parse(System.Text.RegularExpressions.Regex.Match(ended.Message, @"^The store outage is over: (\d+) calls failed").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(counted >= Unary + Reads + Streamed, ended.Message);
        await submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "after" }, server.As("jingmen-hitech", Roles.District));
    }

    [Theory]
    [InlineData("READONLY", new[] { "REPLICAOF", "127.0.0.1", "1" }, new[] { "REPLICAOF", "NO", "ONE" })]
    [InlineData("OOM", new[] { "CONFIG", "SET", "maxmemory", "1" }, new[] { "CONFIG", "SET", "maxmemory", "0" })]
    public async Task RedisRefusesWrites_TransientServerError_UnavailableWithStableMessage(string error, string[] refuse, string[] restore)
    {
        await using var server = await AggregatorTestServer.StartAsync(new AggregatorTestServerOptions { UseRedisServer = true });
        var submissions = new SubmissionService.SubmissionServiceClient(server.Channel);
        await submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "before" }, server.As("jingmen-hitech", Roles.District));
        await using var admin = await ConnectionMultiplexer.ConnectAsync(server.RedisServer!.AdminConnectionString);
        var db = admin.GetDatabase();

        // Act: the real redis-server answers writes with the server error (a replica after a failover; maxmemory reached).
        await db.ExecuteAsync(refuse[0], [.. refuse.Skip(1)]);
        try
        {
            var direct = await Assert.ThrowsAsync<RedisServerException>(() => db.StringSetAsync("probe-" + error, "x"));
            Assert.StartsWith(error, direct.Message, StringComparison.Ordinal);
            var e = await Assert.ThrowsAsync<RpcException>(() => submissions.SubmitAsync(
                new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "refused" }, server.As("jingmen-hitech", Roles.District)).ResponseAsync);

            // Assert: retryable, not INTERNAL; the stable message.
            Assert.Equal(StatusCode.Unavailable, e.StatusCode);
            Assert.Equal(StoreUnavailableException.CallerMessage, e.Status.Detail);
        }
        finally
        {
            await db.ExecuteAsync(restore[0], [.. restore.Skip(1)]);
        }

        var after = await submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021("jingmen-hitech", Year), IdempotencyKey = "refused" }, server.As("jingmen-hitech", Roles.District));
        Assert.False(after.Acknowledgement.Replayed);
    }

    [Fact]
    public void OutageLog_CountsWithoutStackTraces_SummaryEveryMinute_EndsAfterTheQuietPeriod()
    {
        var clock = new FakeTimeProvider();
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        using var outages = new StoreOutageLog(factory.CreateLogger<StoreOutageLog>(), clock);

        for (var second = 0; second < 90; second++)
        {
            outages.Failed("GetAsync", new TimeoutException("No answer"), calls: 4);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        clock.Advance(StoreOutageLog.QuietPeriod + TimeSpan.FromSeconds(2));

        var entries = logs.Entries.ToList();
        Assert.Equal(["StoreOutageStarted", "StoreOutageContinues", "StoreOutageEnded"], entries.Select(l => l.EventId.Name));
        Assert.NotNull(entries[0].Exception);
        Assert.All(entries.Skip(1), l => Assert.Null(l.Exception));
        Assert.Contains("360 calls failed during the outage", entries[2].Message, StringComparison.Ordinal);

        // A new failure after the end starts a new outage, with its cause logged again.
        outages.Failed("GetAsync", new TimeoutException("No answer"));
        Assert.Equal(4, logs.Entries.Count);
    }
}
