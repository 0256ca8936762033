using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Grpc.Health.V1;

namespace Aggregator.Server.Tests;

/// <summary>
/// The Kestrel limits set from <c>Aggregator:Limits</c> (issue 20.8): connections, HTTP/2 streams per
/// connection, request header size, keep-alive pings and the message size, each enforced by the
/// server against a raw HTTP/2 client that does not honour what the server advertises, and the
/// server keeps serving afterwards.
/// </summary>
public sealed class KestrelLimitsServerTests
{
    private const string HealthCheck = "/grpc.health.v1.Health/Check";

    [Fact]
    public async Task StreamsPerConnection_OneOverTheLimit_RefusedStream_ConnectionKeepsServing()
    {
        await using var server = await StartAsync(new() { ["Aggregator:Limits:MaxStreamsPerConnection"] = "2" });
        await using var connection = await RawHttp2.ConnectAsync(server.Address);

        Assert.Equal(2u, connection.ServerSettings[RawHttp2.SettingsMaxConcurrentStreams]);
        // Two health checks whose request body is still open hold two streams; a third is one too many.
        await connection.SendHeadersAsync(1, HealthCheck, [], endStream: false);
        await connection.SendHeadersAsync(3, HealthCheck, [], endStream: false);
        await connection.SendHeadersAsync(5, HealthCheck, [], endStream: false);
        var reset = await connection.ReadUntilAsync(f => f.Type == RawHttp2.RstStream && f.Stream == 5);
        Assert.Equal(RawHttp2.RefusedStream, BinaryPrimitives.ReadUInt32BigEndian(reset.Payload));

        // Finishing one frees its slot: the first is answered, and a new stream is served.
        await connection.SendDataAsync(1, RawHttp2.EmptyGrpcMessage, endStream: true);
        await connection.ReadUntilAsync(f => f.Type == RawHttp2.Headers && f.Stream == 1 && f.EndStream);
        await connection.SendHeadersAsync(7, HealthCheck, [], endStream: false);
        await connection.SendDataAsync(7, RawHttp2.EmptyGrpcMessage, endStream: true);
        await connection.ReadUntilAsync(f => f.Type == RawHttp2.Headers && f.Stream == 7 && f.EndStream);
        await AssertServesAsync(server);
    }

    [Fact]
    public async Task RequestHeaders_OverTheLimit_Refused_SmallerServed_ServerKeepsServing()
    {
        await using var server = await StartAsync(new() { ["Aggregator:Limits:MaxRequestHeadersBytes"] = "4096" });

        await using (var small = await RawHttp2.ConnectAsync(server.Address))
        {
            await small.SendHeadersAsync(1, HealthCheck, [("x-padding", new string('a', 2048))], endStream: false);
            await small.SendDataAsync(1, RawHttp2.EmptyGrpcMessage, endStream: true);
            await small.ReadUntilAsync(f => f.Type == RawHttp2.Headers && f.Stream == 1 && f.EndStream);
        }

        await using (var big = await RawHttp2.ConnectAsync(server.Address))
        {
            await big.SendHeadersAsync(1, HealthCheck, [("x-padding", new string('a', 8192))], endStream: false);
            try
            {
                await big.SendDataAsync(1, RawHttp2.EmptyGrpcMessage, endStream: true);
            }
            catch (IOException)
            {
                // The server may already have closed the connection.
            }

            var refusal = await big.ReadUntilAsync(f => f.Type == RawHttp2.GoAway || (f.Type is RawHttp2.RstStream or RawHttp2.Headers && f.Stream == 1));
            Assert.True(refusal.Type is RawHttp2.GoAway or RawHttp2.RstStream, $"8 KiB of headers over a 4 KiB limit answered with frame type {refusal.Type}, not refused");
        }

        await AssertServesAsync(server);
    }

    [Fact]
    public async Task Connections_OneOverTheLimit_Closed_ServedAgainOnceOneCloses()
    {
        await using var server = await StartAsync(new() { ["Aggregator:Limits:MaxConnections"] = "3" });
        var open = new List<RawHttp2>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                open.Add(await RawHttp2.ConnectAsync(server.Address));
            }

            // Kestrel accepts the fourth TCP connection and closes it at once: no SETTINGS, a reset or the end of the stream.
            await Assert.ThrowsAnyAsync<IOException>(() => RawHttp2.ConnectAsync(server.Address));

            await open[0].DisposeAsync();
            open.RemoveAt(0);
            // The server counts the closed connection out on its own schedule: retry, bounded.
            RawHttp2? again = null;
            for (var attempt = 0; again is null; attempt++)
            {
                try
                {
                    again = await RawHttp2.ConnectAsync(server.Address);
                }
                catch (IOException) when (attempt < 50)
                {
                    await Task.Delay(100);
                }
            }

            open.Add(again);
            await again.SendHeadersAsync(1, HealthCheck, [], endStream: false);
            await again.SendDataAsync(1, RawHttp2.EmptyGrpcMessage, endStream: true);
            await again.ReadUntilAsync(f => f.Type == RawHttp2.Headers && f.Stream == 1 && f.EndStream);
        }
        finally
        {
            foreach (var connection in open)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task KeepAlive_ClientNeverAnswersPings_Disconnected()
    {
        await using var server = await StartAsync(new()
        {
            ["Aggregator:Limits:KeepAlivePingDelay"] = "00:00:01",
            ["Aggregator:Limits:KeepAlivePingTimeout"] = "00:00:01",
        });
        await using var connection = await RawHttp2.ConnectAsync(server.Address, answerPings: false);

        var ping = await connection.ReadUntilAsync(f => f.Type == RawHttp2.Ping && !f.Ack);
        var end = await connection.ReadUntilAsync(f => f.Type == RawHttp2.GoAway, endOfStreamMatches: true);

        Assert.Equal(8, ping.Payload.Length);
        Assert.True(end.Type is RawHttp2.GoAway or RawHttp2.EndOfStream);
        await AssertServesAsync(server);
    }

    [Fact]
    public async Task UnaryMessage_OverMaxMessageBytes_ResourceExhausted_ServerKeepsServing()
    {
        await using var server = await StartAsync(new() { ["Aggregator:Limits:MaxMessageBytes"] = "65536" });
        var submissions = new SubmissionService.SubmissionServiceClient(server.Channel);
        var report = TestReports.Zhanghe2021("420822", 2035);
        report.Overview.Introduction = new string('字', 30_000);

        var refused = await Assert.ThrowsAsync<RpcException>(() => submissions.SubmitAsync(
            new SubmitRequest { Report = report, IdempotencyKey = "big" }, server.As("420822", Roles.District)).ResponseAsync);
        var accepted = await submissions.SubmitAsync(
            new SubmitRequest { Report = TestReports.Zhanghe2021("420822", 2035), IdempotencyKey = "small" }, server.As("420822", Roles.District));

        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Equal(AckOutcome.Accepted, accepted.Acknowledgement.Outcome);
        await AssertServesAsync(server);
    }

    private static async Task AssertServesAsync(AggregatorTestServer server)
    {
        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(30));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static Task<AggregatorTestServer> StartAsync(Dictionary<string, string?> settings) =>
        AggregatorTestServer.StartAsync(new AggregatorTestServerOptions { DirectoryPrefix = "agg-kestrel-", Settings = settings });

    /// <summary>
    /// A bare HTTP/2 (h2c, prior knowledge) client: frames written as given, header blocks as HPACK
    /// literals without indexing. It ignores the limits the server advertises, which is the point:
    /// the server must enforce them itself.
    /// </summary>
    private sealed class RawHttp2 : IAsyncDisposable
    {
        public const byte Data = 0x0, Headers = 0x1, RstStream = 0x3, Settings = 0x4, Ping = 0x6, GoAway = 0x7;

        /// <summary>A pseudo frame type: the server closed the connection.</summary>
        public const byte EndOfStream = 0xff;

        public const ushort SettingsMaxConcurrentStreams = 0x3;
        public const uint RefusedStream = 0x7;

        /// <summary>One gRPC message of zero bytes (an empty HealthCheckRequest).</summary>
        public static readonly byte[] EmptyGrpcMessage = [0, 0, 0, 0, 0];

        private static readonly TimeSpan s_readBound = TimeSpan.FromSeconds(20);

        private readonly TcpClient _client;
        private readonly NetworkStream _stream;
        private readonly string _authority;
        private readonly bool _answerPings;

        private RawHttp2(TcpClient client, string authority, bool answerPings)
        {
            _client = client;
            _stream = client.GetStream();
            _authority = authority;
            _answerPings = answerPings;
        }

        public Dictionary<ushort, uint> ServerSettings { get; } = [];

        /// <summary>Connects, sends the preface and empty SETTINGS, and reads the server's SETTINGS; IOException when the server closes the connection first.</summary>
        public static async Task<RawHttp2> ConnectAsync(string address, bool answerPings = true)
        {
            var uri = new Uri(address);
            var client = new TcpClient();
            await client.ConnectAsync(uri.Host, uri.Port);
            var connection = new RawHttp2(client, uri.Authority, answerPings);
            try
            {
                await connection._stream.WriteAsync(Encoding.ASCII.GetBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"));
                await connection.WriteFrameAsync(Settings, 0, 0, []);
                var settings = await connection.ReadUntilAsync(f => f.Type == Settings && !f.Ack, endOfStreamMatches: true);
                if (settings.Type == EndOfStream)
                {
                    throw new IOException("The server closed the connection before its SETTINGS.");
                }

                for (var i = 0; i + 6 <= settings.Payload.Length; i += 6)
                {
                    connection.ServerSettings[BinaryPrimitives.ReadUInt16BigEndian(settings.Payload.AsSpan(i))] = BinaryPrimitives.ReadUInt32BigEndian(settings.Payload.AsSpan(i + 2));
                }

                return connection;
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        public Task SendHeadersAsync(int stream, string path, IEnumerable<(string Name, string Value)> extra, bool endStream)
        {
            var block = new MemoryStream();
            foreach (var (name, value) in new[]
                     {
                         (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", _authority),
                         ("content-type", "application/grpc"), ("te", "trailers"),
                     }.Concat(extra))
            {
                block.WriteByte(0x00);
                WriteString(block, name);
                WriteString(block, value);
            }

            // END_HEADERS, and END_STREAM when asked.
            return WriteFrameAsync(Headers, (byte)(0x4 | (endStream ? 0x1 : 0)), stream, block.ToArray());
        }

        public Task SendDataAsync(int stream, byte[] data, bool endStream) => WriteFrameAsync(Data, (byte)(endStream ? 0x1 : 0), stream, data);

        /// <summary>
        /// Reads frames until one matches (answering SETTINGS, and PINGs when asked to); the end of the
        /// connection matches only when <paramref name="endOfStreamMatches"/>. Bounded: a frame that never
        /// comes fails the test instead of hanging it.
        /// </summary>
        public async Task<Frame> ReadUntilAsync(Func<Frame, bool> match, bool endOfStreamMatches = false)
        {
            using var bound = new CancellationTokenSource(s_readBound);
            while (true)
            {
                Frame frame;
                try
                {
                    frame = await ReadFrameAsync(bound.Token);
                }
                catch (OperationCanceledException e)
                {
                    throw new TimeoutException($"No matching frame within {s_readBound.TotalSeconds} s.", e);
                }

                if (frame.Type == EndOfStream)
                {
                    return endOfStreamMatches ? frame : throw new IOException("The server closed the connection.");
                }

                if (frame.Type == Settings && !frame.Ack)
                {
                    await WriteFrameAsync(Settings, 0x1, 0, []);
                }
                else if (frame.Type == Ping && !frame.Ack && _answerPings)
                {
                    await WriteFrameAsync(Ping, 0x1, 0, frame.Payload);
                }

                if (match(frame))
                {
                    return frame;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stream.DisposeAsync();
            _client.Dispose();
        }

        private async Task<Frame> ReadFrameAsync(CancellationToken cancellationToken)
        {
            var header = new byte[9];
            if (!await ReadExactlyOrEndAsync(header, cancellationToken))
            {
                return new Frame(EndOfStream, 0, 0, []);
            }

            var length = (header[0] << 16) | (header[1] << 8) | header[2];
            var payload = new byte[length];
            if (!await ReadExactlyOrEndAsync(payload, cancellationToken))
            {
                return new Frame(EndOfStream, 0, 0, []);
            }

            return new Frame(header[3], header[4], (int)(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) & 0x7fffffff), payload);
        }

        private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancellationToken)
        {
            try
            {
                await _stream.ReadExactlyAsync(buffer, cancellationToken);
                return true;
            }
            catch (Exception e) when (e is EndOfStreamException or IOException)
            {
                return false;
            }
        }

        private async Task WriteFrameAsync(byte type, byte flags, int stream, byte[] payload)
        {
            var frame = new byte[9 + payload.Length];
            frame[0] = (byte)(payload.Length >> 16);
            frame[1] = (byte)(payload.Length >> 8);
            frame[2] = (byte)payload.Length;
            frame[3] = type;
            frame[4] = flags;
            BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(5), stream);
            payload.CopyTo(frame, 9);
            await _stream.WriteAsync(frame);
        }

        /// <summary>An HPACK string literal (no Huffman coding): the length as a 7-bit-prefix integer, then the bytes.</summary>
        private static void WriteString(MemoryStream block, string value)
        {
            var bytes = Encoding.ASCII.GetBytes(value);
            var length = bytes.Length;
            if (length < 127)
            {
                block.WriteByte((byte)length);
            }
            else
            {
                block.WriteByte(127);
                length -= 127;
                while (length >= 128)
                {
                    block.WriteByte((byte)((length & 0x7f) | 0x80));
                    length >>= 7;
                }

                block.WriteByte((byte)length);
            }

            block.Write(bytes);
        }

        public readonly record struct Frame(byte Type, byte Flags, int Stream, byte[] Payload)
        {
            public bool Ack => (Flags & 0x1) != 0 && Type is Settings or Ping;

            public bool EndStream => (Flags & 0x1) != 0 && Type is Data or Headers;
        }
    }
}
