using System.Globalization;
using System.Text.RegularExpressions;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Domain;
using Aggregator.Domain.Cells;
using Aggregator.Domain.Mapping;
using Aggregator.Reliability.Tests.Infrastructure;
using Aggregator.Security;
using Aggregator.Testing;
using CsCheck;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Xunit.Abstractions;

namespace Aggregator.Reliability.Tests;

/// <summary>
/// More than 10,000 generated hostile submissions (CsCheck generators, fixed seed): each one is
/// refused with the right status naming the field or cell, the server stays up, nothing is stored.
/// </summary>
[Trait("Category", "Reliability")]
public sealed partial class HostileInputTests(ITestOutputHelper output)
{
    private const int Year = 2050;
    private const ulong Seed = 20240808;
    private const string Tokenless = "420802";

    /// <summary>Years of the good messages sent before a bad one on a stream (not among the years AssertUpAndNothingStoredAsync checks).</summary>
    private const int RawStreamYear = 2052;

    /// <summary>Years of the valid messages sent before an oversize one on a stream (also not checked by AssertUpAndNothingStoredAsync).</summary>
    private const int OversizeStreamYear = 2053;

    private static readonly string[] s_narrativeFields =
    [
        "s1.introduction", "s1.proactive_disclosure", "s1.disclosure_on_request", "s1.information_management",
        "s1.platform_construction", "s1.supervision", "s5.problems", "s5.improvements", "s6.text",
    ];

    private static readonly CellDefinition[] s_counts =
        [.. CellCatalog.All.Where(c => c.Kind == CellKind.Count && c.Formats.Contains(ReportFormat.V2021))];

    /// <summary>One hostile submission, the token it is sent with, the status expected and the names (field, cell or id) one of which the answer must carry.</summary>
    public sealed record Case(string Category, string TokenUnit, SubmitRequest Request, StatusCode Expected, string[] Names, string? CorrelationId = null);

    [Fact]
    public async Task TenThousandHostileSubmissions_EachRefusedNamingTheFieldOrCell_ServerUpNothingStored()
    {
        await using var server = await InProcessServer.StartAsync();
        var cases = GenerateCases();
        output.WriteLine($"{cases.Count} generated cases: " + string.Join(", ", cases.GroupBy(c => c.Category).Select(g => g.Key + " " + g.Count())));
        Assert.True(cases.Count >= 10_000);

        // Streamed: one SubmitStream per token, 64 unacknowledged at a time.
        var failures = new List<string>();
        await Task.WhenAll(cases.GroupBy(c => c.TokenUnit).Select(g => Task.Run(async () =>
        {
            var f = await StreamCasesAsync(server, g.Key, [.. g]);
            lock (failures)
            {
                failures.AddRange(f);
            }
        })));

        // Unary: a sample of every category, checked against the status and its BadRequest details.
        var unary = cases.Where(c => c.CorrelationId is null).GroupBy(c => c.Category).SelectMany(g => g.Take(40)).ToList();
        foreach (var c in unary)
        {
            var failure = await SubmitUnaryAsync(server, c);
            if (failure is not null)
            {
                failures.Add(failure);
            }
        }

        output.WriteLine($"{cases.Count} streamed and {unary.Count} unary cases checked; {failures.Count} failures");
        foreach (var g in failures.GroupBy(f => f[..Math.Max(0, f.IndexOf(" naming ", StringComparison.Ordinal))] + " → " + f[(f.IndexOf("; got ", StringComparison.Ordinal) + 6)..].Split(':')[0]))
        {
            output.WriteLine($"  {g.Count()} × {g.Key}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(30)));
        await AssertUpAndNothingStoredAsync(server);
    }

    [Fact]
    public async Task OversizeMessages_ResourceExhausted_ServerUp()
    {
        await using var server = await InProcessServer.StartAsync();
        var options = server.As("420804", Roles.District);
        foreach (var size in new[] { (4 * 1024 * 1024) + 1, 5 * 1024 * 1024 })
        {
            var report = Reports.Valid("420804", Year, 1);
            report.Overview.Introduction = new string('a', size);
            var ex = await Assert.ThrowsAsync<RpcException>(() => server.Submissions.SubmitAsync(
                new SubmitRequest { Report = report, IdempotencyKey = "big" + size }, options).ResponseAsync);
            Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
        }

        await AssertUpAndNothingStoredAsync(server);
    }

    /// <summary>
    /// A stream sends three valid submissions and then a message over the limit without waiting for
    /// acknowledgements: the three are acknowledged and stored, the call ends with RESOURCE_EXHAUSTED
    /// well inside its deadline, and the server serves the next stream. Everything the test awaits is
    /// bounded by the call's deadline (60 s) or an explicit timeout, so it fails instead of hanging.
    /// </summary>
    [Fact]
    public async Task OversizeMessageOnStream_EarlierAcknowledgedAndStored_ResourceExhausted_ServerUp()
    {
        await using var server = await InProcessServer.StartAsync();
        const string Unit = "420804";
        var deadline = TimeSpan.FromSeconds(60);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using (var call = server.Submissions.SubmitStream(InProcessServer.With(server.Token(Unit, Roles.District), (int)deadline.TotalSeconds)))
        {
            // Acknowledgements are read while the client writes, and a write still waiting when the
            // call has ended is cancelled, as a client must: once the call is over, grpc-dotnet no
            // longer applies its deadline, and the server will never take the rest of the message,
            // so a write waiting for HTTP/2 flow control would wait forever.
            using var ended = new CancellationTokenSource(deadline);
            var reader = Task.Run(async () =>
            {
                var acks = new List<SubmitStreamResponse>();
                try
                {
                    await foreach (var response in call.ResponseStream.ReadAllAsync())
                    {
                        acks.Add(response);
                    }

                    return (acks, (RpcException?)null);
                }
                catch (RpcException e)
                {
                    return (acks, e);
                }
                finally
                {
                    await ended.CancelAsync();
                }
            });

            for (var i = 0; i < 3; i++)
            {
                var key = "stream-ok-" + i.ToString(CultureInfo.InvariantCulture);
                await call.RequestStream.WriteAsync(new SubmitStreamRequest
                {
                    CorrelationId = key,
                    Submission = new SubmitRequest { Report = Reports.Valid(Unit, OversizeStreamYear + i, i), IdempotencyKey = key },
                });
            }

            var big = Reports.Valid(Unit, Year, 9);
            big.Problems.Problems_ = new string('字', 2 * 1024 * 1024);
            try
            {
                await call.RequestStream.WriteAsync(new SubmitStreamRequest { CorrelationId = "big", Submission = new SubmitRequest { Report = big, IdempotencyKey = "big-stream" } }, ended.Token);
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException e)
            {
                // The server may end the call (and reset the request) before the client has sent all of it.
                output.WriteLine($"write of the oversize message: {e.StatusCode}");
            }
            catch (OperationCanceledException)
            {
                output.WriteLine("write of the oversize message: cancelled when the call ended");
            }

            var (acks, error) = await reader.WaitAsync(deadline + TimeSpan.FromSeconds(10));
            output.WriteLine($"{acks.Count} acks ({string.Join(", ", acks.Select(a => a.CorrelationId + " " + a.Acknowledgement.Outcome))}), then {error?.StatusCode}: {error?.Status.Detail} after {watch.Elapsed}");
            Assert.Equal(["stream-ok-0", "stream-ok-1", "stream-ok-2"], acks.Select(a => a.CorrelationId).Order());
            Assert.All(acks, a => Assert.Equal(AckOutcome.Accepted, a.Acknowledgement.Outcome));
            Assert.Equal(StatusCode.ResourceExhausted, error?.StatusCode);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), "took " + watch.Elapsed);
        }

        var admin = server.As("42", Roles.Admin);
        for (var i = 0; i < 3; i++)
        {
            var history = await server.Submissions.ListAllVersionsAsync(Unit, OversizeStreamYear + i, admin);
            Assert.Single(history.Versions);
        }

        // The server serves another stream on the same channel.
        using (var next = server.Submissions.SubmitStream(server.As(Unit, Roles.District)))
        {
            await next.RequestStream.WriteAsync(new SubmitStreamRequest
            {
                CorrelationId = "next",
                Submission = new SubmitRequest { Report = Reports.Valid(Unit, OversizeStreamYear + 3, 3), IdempotencyKey = "next" },
            });
            await next.RequestStream.CompleteAsync();
            Assert.True(await next.ResponseStream.MoveNext());
            Assert.Equal(AckOutcome.Accepted, next.ResponseStream.Current.Acknowledgement.Outcome);
            Assert.False(await next.ResponseStream.MoveNext());
        }

        await AssertUpAndNothingStoredAsync(server);
    }

    /// <summary>
    /// Strings that are not UTF-8, and bytes that are not protobuf, sent by a raw client (byte[]
    /// marshaller): unary <c>Submit</c> refuses each with INVALID_ARGUMENT saying the request could not
    /// be parsed (naming the string field for invalid UTF-8); on <c>SubmitStream</c> the good messages
    /// before a bad one are acknowledged and stored, then the call fails with INVALID_ARGUMENT.
    /// </summary>
    [Fact]
    public async Task RawClient_InvalidUtf8AndGarbage_RefusedServerUpNothingStored()
    {
        await using var server = await InProcessServer.StartAsync();
        var invoker = server.Channel.CreateCallInvoker();
        var method = new Method<byte[], byte[]>(MethodType.Unary, "aggregator.v1.SubmissionService", "Submit",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        byte[][] invalid =
        [
            [0xFF], [0xFE, 0xFF], [0xC0, 0x80], [0x80], [0xE4, 0xB8], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
            [0x61, 0xE6, 0xBC], [0xE6, 0xBC, 0xB3, 0xC3],
        ];
        (string Target, string Field)[] targets =
        [
            ("unit_id", "report.unit_id"),
            ("introduction", "report.overview.introduction"),
            ("idempotency_key", "idempotency_key"),
            ("category", "report.overview.breakdown.categories[0].name"),
        ];
        var results = new List<string>();
        var failures = new List<string>();
        foreach (var bad in invalid)
        {
            foreach (var (target, field) in targets)
            {
                var bytes = RawSubmit(target, bad);
                var (code, detail, fields) = await CallRawAsync(invoker, method, server.Token("420881", Roles.District), bytes);
                results.Add($"{target} {Convert.ToHexString(bad)} → {code}: {detail} [{string.Join(",", fields)}]");
                if (!Refused(code, detail) || !detail.Contains("invalid UTF-8", StringComparison.Ordinal) || !fields.SequenceEqual([field]))
                {
                    failures.Add(results[^1] + $" (expected INVALID_ARGUMENT, invalid UTF-8, field {field})");
                }
            }
        }

        // Not protobuf at all: truncated, wrong wire types, a length running past the end, deep nesting.
        byte[][] garbage =
        [
            [0x0A, 0x05, 0x01], [0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x0B], [0x0F, 0x00], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
            [.. Enumerable.Repeat((byte)0x0A, 1).Concat(Encoding.ASCII.GetBytes("not a message"))],
            Nested(200),
        ];
        foreach (var bytes in garbage)
        {
            var (code, detail, _) = await CallRawAsync(invoker, method, server.Token("420881", Roles.District), bytes);
            results.Add($"garbage {Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 24)))} → {code}: {detail}");
            if (!Refused(code, detail) || !detail.Contains("malformed protobuf: ", StringComparison.Ordinal))
            {
                failures.Add(results[^1]);
            }
        }

        // A stream: two good submissions (acknowledged before the next is sent), then invalid UTF-8, then one never read.
        var stream = new Method<byte[], byte[]>(MethodType.DuplexStreaming, "aggregator.v1.SubmissionService", "SubmitStream",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));
        using (var call = invoker.AsyncDuplexStreamingCall(stream, null, InProcessServer.With(server.Token("420881", Roles.District), 60)))
        {
            var acks = new List<SubmitStreamResponse>();
            for (var i = 0; i < 2; i++)
            {
                var good = new SubmitStreamRequest
                {
                    CorrelationId = "good" + i.ToString(CultureInfo.InvariantCulture),
                    Submission = new SubmitRequest { Report = Reports.Valid("420881", RawStreamYear + i, i), IdempotencyKey = "raw-good-" + i.ToString(CultureInfo.InvariantCulture) },
                };
                await call.RequestStream.WriteAsync(good.ToByteArray());
                Assert.True(await call.ResponseStream.MoveNext());
                acks.Add(SubmitStreamResponse.Parser.ParseFrom(call.ResponseStream.Current));
            }

            byte[] badMessage = [.. Len(1, "bad"u8.ToArray()), .. Len(2, RawSubmit("introduction", [0xFF]))];
            try
            {
                await call.RequestStream.WriteAsync(badMessage);
                await call.RequestStream.WriteAsync(new SubmitStreamRequest { CorrelationId = "after" }.ToByteArray());
                await call.RequestStream.CompleteAsync();
            }
            catch (RpcException)
            {
                // The server may have ended the call before the last writes.
            }

            RpcException? error = null;
            try
            {
                while (await call.ResponseStream.MoveNext())
                {
                    acks.Add(SubmitStreamResponse.Parser.ParseFrom(call.ResponseStream.Current));
                }
            }
            catch (RpcException e)
            {
                error = e;
            }

            results.Add($"stream → {acks.Count} acks ({string.Join(", ", acks.Select(a => a.CorrelationId + " " + a.Acknowledgement.Outcome))}), then {error?.StatusCode}: {error?.Status.Detail}");
            if (acks.Count != 2 || acks.Any(a => a.Acknowledgement.Outcome != AckOutcome.Accepted)
                || error is null || !Refused(error.StatusCode, error.Status.Detail) || !error.Status.Detail.Contains("report.overview.introduction", StringComparison.Ordinal))
            {
                failures.Add(results[^1]);
            }
        }

        foreach (var r in results)
        {
            output.WriteLine(r);
        }

        // The two good stream messages are stored, once each.
        for (var i = 0; i < 2; i++)
        {
            var history = await server.Submissions.ListAllVersionsAsync("420881", RawStreamYear + i, server.As("42", Roles.Admin));
            Assert.Single(history.Versions);
        }

        await AssertUpAndNothingStoredAsync(server);
        Assert.True(failures.Count == 0, "not refused as expected:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// Refused before any handler code runs: the request marshaller maps Google.Protobuf's parse failure
    /// (invalid UTF-8, malformed wire data) to INVALID_ARGUMENT "The request message (…) could not be
    /// parsed: …" (src/Aggregator.Server/Internal/RequestParsing.cs); grpc-dotnet's own answer would be
    /// UNKNOWN "Exception was thrown by handler.", which is not accepted here.
    /// </summary>
    private static bool Refused(StatusCode code, string detail) =>
        code == StatusCode.InvalidArgument && detail.StartsWith("The request message (aggregator.v1.", StringComparison.Ordinal) && detail.Contains(" could not be parsed: ", StringComparison.Ordinal);

    // ------------------------------------------------------------------ generators

    private static List<T> Sample<T>(Gen<T> gen, int count, uint stream)
    {
        var pcg = new PCG(stream, Seed);
        var list = new List<T>(count);
        for (var i = 0; i < count; i++)
        {
            list.Add(gen.Generate(pcg, null, out _));
        }

        return list;
    }

    private static readonly Gen<string> s_unit = Gen.OneOf(Reports.JingmenDistricts);

    private static SubmitRequest Request(Report report, string key) => new() { Report = report, IdempotencyKey = key };

    private static Report WithCell(Report report, CellDefinition cell, decimal value)
    {
        var domain = ReportMapper.ToDomain(report).Report!;
        return ReportMapper.ToProto(domain with { Figures = domain.Figures.With(cell.Id, value) });
    }

    public static List<Case> GenerateCases()
    {
        var cases = new List<Case>();
        var n = 0;
        string Key() => "hostile-" + (n++).ToString(CultureInfo.InvariantCulture);

        // Negative and overflowing counts.
        var cell = Gen.Int[0, s_counts.Length - 1].Select(i => s_counts[i]);
        cases.AddRange(Sample(Gen.Select(s_unit, cell, Gen.Long[long.MinValue + 1, -1], Gen.Int[0, 1000]), 1000, 1).Select(t =>
            new Case("negative count", t.Item1, Request(WithCell(Reports.Valid(t.Item1, Year, t.Item4), t.Item2, t.Item3), Key()), StatusCode.InvalidArgument, [t.Item2.Path])));
        cases.AddRange(Sample(Gen.Select(s_unit, cell, Gen.Long[1_000_000_000_001, long.MaxValue], Gen.Int[0, 1000]), 1000, 2).Select(t =>
            new Case("overflowing count", t.Item1, Request(WithCell(Reports.Valid(t.Item1, Year, t.Item4), t.Item2, t.Item3), Key()), StatusCode.InvalidArgument, [t.Item2.Path])));

        // Money: too many decimals, out of range, negative, malformed.
        var fees = "s2.administrative_fees.amount";
        var processing = "s6.processing_fees.amount";
        Report SetMoney(string unit, string path, string value, int seed)
        {
            var r = Reports.Valid(unit, Year, seed);
            if (path == fees)
            {
                r.ProactiveDisclosure.AdministrativeFeesAmount = new Contracts.V1.Decimal { Value = value };
            }
            else
            {
                r.OtherMatters.ProcessingFees.AmountYuan = new Contracts.V1.Decimal { Value = value };
            }

            return r;
        }

        var money = Gen.OneOf((fees, 6), (processing, 2));
        var tooPrecise = Gen.Select(money, Gen.Long[0, 999_999], Gen.Int[1, 8]).SelectMany(t =>
            Gen.Long[1, 9].Select(last => (t.Item1.Item1, t.Item2.ToString(CultureInfo.InvariantCulture) + "." + new string('0', Math.Min(t.Item3 + t.Item1.Item2, 10) - 1) + last.ToString(CultureInfo.InvariantCulture))));
        cases.AddRange(Sample(Gen.Select(s_unit, tooPrecise, Gen.Int[0, 1000]), 800, 3).Select(t =>
            new Case("money precision", t.Item1, Request(SetMoney(t.Item1, t.Item2.Item1, t.Item2.Item2, t.Item3), Key()), StatusCode.InvalidArgument, [t.Item2.Item1])));
        var outOfRange = Gen.Select(money, Gen.Long[1_000_000_000_001, 999_999_999_999_999_999], Gen.Bool).Select(t =>
            (t.Item1.Item1, (t.Item3 ? "-" : "") + t.Item2.ToString(CultureInfo.InvariantCulture)));
        var negative = Gen.Select(money, Gen.Long[1, 1_000_000]).Select(t => (t.Item1.Item1, "-" + t.Item2.ToString(CultureInfo.InvariantCulture) + ".5"));
        cases.AddRange(Sample(Gen.Select(s_unit, Gen.OneOf(outOfRange, negative), Gen.Int[0, 1000]), 700, 4).Select(t =>
            new Case("money range", t.Item1, Request(SetMoney(t.Item1, t.Item2.Item1, t.Item2.Item2, t.Item3), Key()), StatusCode.InvalidArgument, [t.Item2.Item1])));
        var malformedText = Gen.OneOf(
            Gen.OneOf("", "-", ".", "1.", ".5", "--1", "+1", "1e5", "1E-3", "1,000", "1 000", " 1", "1 ", "0x1F", "NaN", "Infinity", "-Infinity",
                "１２", "٣", "1.2.3", "1..2", "七点五", "7,522", "1_000", "1234567890123456789", "0.12345678901", "∞", "\u00001"),
            Gen.String.Where(s => !ValidDecimal().IsMatch(s)),
            Gen.Char["0123456789.-e+, "].Array[1, 45].Select(a => new string(a)).Where(s => !ValidDecimal().IsMatch(s)));
        cases.AddRange(Sample(Gen.Select(s_unit, money, malformedText, Gen.Int[0, 1000]), 1200, 5).Select(t =>
            new Case("malformed decimal", t.Item1, Request(SetMoney(t.Item1, t.Item2.Item1, t.Item3, t.Item4), Key()), StatusCode.InvalidArgument, [t.Item2.Item1])));

        // Years out of range.
        cases.AddRange(Sample(Gen.Select(s_unit, Gen.OneOf(Gen.Int[int.MinValue, 2007], Gen.Int[2101, int.MaxValue], Gen.OneOf(0, -1, 2007, 2101, 9999))), 800, 6).Select(t =>
        {
            var r = Reports.Valid(t.Item1, Year, 1);
            r.Year = t.Item2;
            return new Case("year out of range", t.Item1, Request(r, Key()), StatusCode.InvalidArgument, ["year"]);
        }));

        // Format and section mismatches.
        var formatCase = Gen.Select(s_unit, Gen.Int[0, 5], Gen.Int[2008, 2100], Gen.Int[3, 1000]).Select(t =>
        {
            var (unit, kind, year, bogus) = t;
            var r = Reports.Valid(unit, year >= 2021 ? year : 2021, year);
            switch (kind)
            {
                case 0:
                    r.Format = FormatVersion._2019;
                    return ("format", r);
                case 1:
                    r.Year = 2019 + (year % 2);
                    return ("format", r);
                case 2:
                    r.Format = (FormatVersion)bogus;
                    return ("format", r);
                case 3:
                    r.Format = FormatVersion.Unspecified;
                    return ("format", r);
                case 4:
                    r.ProactiveDisclosure2019 = new ProactiveDisclosure2019 { GovernmentProcurementItems = year };
                    return ("s2", r);
                default:
                    var old = new Report { UnitId = unit, Year = 2019 + (year % 2), Format = FormatVersion._2019, Requests = Reports.Requests(year % 50) };
                    return ("s3.other_handling", old);
            }
        });
        cases.AddRange(Sample(formatCase, 1000, 7).Select(t =>
            new Case("format mismatch", t.Item2.UnitId, Request(t.Item2, Key()), StatusCode.InvalidArgument, [t.Item1])));

        // Control characters (and lone surrogates) in narratives and category names.
        var control = Gen.OneOf(Gen.Char['\u0000', '\u0008'], Gen.Char['\u000E', '\u001F'], Gen.Char['\u007F', '\u009F'],
            Gen.OneOf('\u000B', '\u000C'));
        // (Lone surrogates cannot be sent through a protobuf client: it encodes them as U+FFFD. The raw
        // client test sends their UTF-8 forms, ED A0 80 and the like, byte by byte.)
        var controlCase = Gen.Select(s_unit, Gen.Int[0, s_narrativeFields.Length], Gen.String[0, 300], Gen.Int[0, 1000], control).Select(t =>
        {
            var (unit, field, text, pos, c) = t;
            var clean = new string([.. text.Where(ch => !char.IsControl(ch) && !char.IsSurrogate(ch))]);
            var dirty = clean.Insert(pos % (clean.Length + 1), c.ToString());
            var r = Reports.Valid(unit, Year, pos);
            if (field == s_narrativeFields.Length)
            {
                r.Overview.Breakdown.Categories[1].Name = dirty;
                return ("s1.breakdown.categories[1].name", r);
            }

            SetNarrative(r, s_narrativeFields[field], dirty);
            return (s_narrativeFields[field], r);
        });
        cases.AddRange(Sample(controlCase, 1200, 8).Select(t =>
            new Case("control character", t.Item2.UnitId, Request(t.Item2, Key()), StatusCode.InvalidArgument, [t.Item1])));

        // Very long narratives (over 50,000 characters, under the message limit).
        cases.AddRange(Sample(Gen.Select(s_unit, Gen.Int[0, s_narrativeFields.Length - 1], Gen.Int[ReportMapper.MaxNarrativeLength + 1, 150_000], Gen.Char['一', '龥']), 200, 9).Select(t =>
        {
            var r = Reports.Valid(t.Item1, Year, t.Item3);
            SetNarrative(r, s_narrativeFields[t.Item2], new string(t.Item4, t.Item3));
            return new Case("long narrative", t.Item1, Request(r, Key()), StatusCode.InvalidArgument, [s_narrativeFields[t.Item2]]);
        }));

        // Deeply repeated fields: more breakdown categories than allowed.
        cases.AddRange(Sample(Gen.Select(s_unit, Gen.Int[ReportMapper.MaxBreakdownCategories + 1, 5000]), 200, 10).Select(t =>
        {
            var r = Reports.Valid(t.Item1, Year, t.Item2);
            for (var i = 0; i < t.Item2; i++)
            {
                r.Overview.Breakdown.Categories.Add(new Contracts.V1.DisclosureCategory { Name = "c", Count = 1 });
            }

            return new Case("repeated fields", t.Item1, Request(r, Key()), StatusCode.InvalidArgument, ["s1.breakdown.categories"]);
        }));

        // Unknown unit ids (well-formed, not in the registry): denied like any unit outside the token's
        // reach, naming the id (NOT_FOUND only for an admin token, issue 20.10); and ids that are not ids at all.
        var unknown = Gen.Char["abcdefghijklmnopqrstuvwxyz0123456789-_."].Array[1, 64].Select(a => new string(a))
            .Where(s => !Reports.JingmenDistricts.Contains(s) && s is not ("42" or "4208" or "4201" or "420102" or "420103"));
        cases.AddRange(Sample(unknown, 800, 11).Select(id =>
            new Case("unknown unit", Tokenless, Request(Reports.Valid(id, Year, 1), Key()), StatusCode.PermissionDenied, [id])));
        var notAnId = Gen.OneOf(Gen.OneOf("", " ", "420802 ", "42/08", "漳河新区", "jingmen\nzhanghe", new string('a', 65)),
            Gen.String[1, 80].Where(s => !UnitId.IsValid(s)));
        cases.AddRange(Sample(notAnId, 400, 12).Select(id =>
            new Case("malformed unit id", Tokenless, Request(Reports.Valid(id, Year, 1), Key()), StatusCode.InvalidArgument, ["unit_id"])));

        // Mismatched unit ids: a district token submitting for another unit of the registry.
        var targets = Reports.JingmenDistricts.Concat(["4208", "42", "4201", "420102"]).ToArray();
        cases.AddRange(Sample(Gen.Select(s_unit, Gen.OneOf(targets)).Where(t => t.Item1 != t.Item2), 500, 13).Select(t =>
            new Case("other unit", t.Item1, Request(Reports.Valid(t.Item2, Year, 1), Key()), StatusCode.PermissionDenied, [t.Item2])));

        // Empty and malformed envelopes.
        var envelope = Gen.Select(s_unit, Gen.Int[0, 4], Gen.String[129, 300], Gen.Long[long.MinValue, -1]).Select(t =>
        {
            var (unit, kind, text, negativeVersion) = t;
            return kind switch
            {
                0 => new Case("empty message", unit, new SubmitRequest(), StatusCode.InvalidArgument, ["report"]),
                1 => new Case("empty message", unit, new SubmitRequest { Report = new Report(), IdempotencyKey = "k" }, StatusCode.InvalidArgument, ["unit_id"]),
                2 => new Case("bad idempotency key", unit, Request(Reports.Valid(unit, Year, 1), text.Length % 3 == 0 ? "" : text.Length % 3 == 1 ? text : "键" + text[..5]),
                    StatusCode.InvalidArgument, ["idempotency_key"]),
                3 => new Case("bad expected_version", unit, new SubmitRequest { Report = Reports.Valid(unit, Year, 1), IdempotencyKey = "v", ExpectedVersion = negativeVersion },
                    StatusCode.InvalidArgument, ["expected_version"]),
                _ => new Case("bad correlation_id", unit, Request(Reports.Valid(unit, Year, 1), "c"), StatusCode.InvalidArgument, ["correlation_id"],
                    CorrelationId: text.Length % 2 == 0 ? "" : text),
            };
        });
        cases.AddRange(Sample(envelope, 600, 14));
        return cases;
    }

    private static void SetNarrative(Report r, string field, string text)
    {
        switch (field)
        {
            case "s1.introduction": r.Overview.Introduction = text; break;
            case "s1.proactive_disclosure": r.Overview.ProactiveDisclosure = text; break;
            case "s1.disclosure_on_request": r.Overview.DisclosureOnRequest = text; break;
            case "s1.information_management": r.Overview.InformationManagement = text; break;
            case "s1.platform_construction": r.Overview.PlatformConstruction = text; break;
            case "s1.supervision": r.Overview.Supervision = text; break;
            case "s5.problems": r.Problems.Problems_ = text; break;
            case "s5.improvements": r.Problems.Improvements = text; break;
            default: r.OtherMatters.Text = text; break;
        }
    }

    [GeneratedRegex(@"^-?[0-9]{1,18}(\.[0-9]{1,10})?$")]
    private static partial Regex ValidDecimal();

    // ------------------------------------------------------------------ sending and checking

    private static async Task<List<string>> StreamCasesAsync(InProcessServer server, string tokenUnit, IReadOnlyList<Case> cases)
    {
        var failures = new List<string>();
        using var call = server.Submissions.SubmitStream(InProcessServer.With(server.Token(tokenUnit, Roles.District), 600));
        using var slots = new SemaphoreSlim(64);
        var byId = new Dictionary<string, Case>();
        for (var i = 0; i < cases.Count; i++)
        {
            if (cases[i].CorrelationId is null)
            {
                byId["c" + i.ToString(CultureInfo.InvariantCulture)] = cases[i];
            }
        }

        // A case with an invalid correlation id ("" or over 128 characters) is echoed with that id:
        // only one of them is outstanding at a time, so its acknowledgement is the one not in byId.
        Case? outstandingBad = null;
        var badAcked = new SemaphoreSlim(1);
        var seen = 0;
        var reader = Task.Run(async () =>
        {
            await foreach (var response in call.ResponseStream.ReadAllAsync())
            {
                seen++;
                slots.Release();
                if (!byId.TryGetValue(response.CorrelationId, out var c))
                {
                    c = outstandingBad;
                    badAcked.Release();
                    if (c is null || c.CorrelationId != response.CorrelationId)
                    {
                        failures.Add("unexpected correlation id " + Clip(response.CorrelationId));
                        continue;
                    }
                }

                var ack = response.Acknowledgement;
                var haystack = ack.StatusMessage + " " + string.Join(" ", ack.Errors.SelectMany(e => e.Cells.Append(e.RuleId)));
                if (ack.Outcome != AckOutcome.Rejected || ack.StatusCode != (int)c.Expected || !c.Names.Any(name => haystack.Contains(name, StringComparison.Ordinal)))
                {
                    failures.Add($"[{c.Category}] stream: expected {c.Expected} naming {string.Join("|", c.Names)}; got {ack.Outcome} {(StatusCode)ack.StatusCode}: {Clip(haystack)}");
                }
            }
        });

        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            await slots.WaitAsync();
            if (c.CorrelationId is { } bad)
            {
                await badAcked.WaitAsync();
                outstandingBad = c;
                await call.RequestStream.WriteAsync(new SubmitStreamRequest { CorrelationId = bad, Submission = c.Request });
            }
            else
            {
                await call.RequestStream.WriteAsync(new SubmitStreamRequest { CorrelationId = "c" + i.ToString(CultureInfo.InvariantCulture), Submission = c.Request });
            }
        }

        await call.RequestStream.CompleteAsync();
        await reader;
        if (seen != cases.Count)
        {
            failures.Add($"token {tokenUnit}: {cases.Count} sent, {seen} acknowledged");
        }

        return failures;
    }

    private static async Task<string?> SubmitUnaryAsync(InProcessServer server, Case c)
    {
        try
        {
            await server.Submissions.SubmitAsync(c.Request, InProcessServer.With(server.Token(c.TokenUnit, Roles.District)));
            return $"[{c.Category}] unary: accepted";
        }
        catch (RpcException e)
        {
            var fields = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field) ?? [];
            var haystack = e.Status.Detail + " " + string.Join(" ", fields);
            return e.StatusCode == c.Expected && c.Names.Any(name => haystack.Contains(name, StringComparison.Ordinal))
                ? null
                : $"[{c.Category}] unary: expected {c.Expected} naming {string.Join("|", c.Names)}; got {e.StatusCode}: {Clip(haystack)}";
        }
    }

    private static string Clip(string s) => s.Length > 300 ? s[..300] + "…" : s;

    /// <summary>The server answers, and no unit of the registry has anything stored for the years the cases used.</summary>
    private static async Task AssertUpAndNothingStoredAsync(InProcessServer server)
    {
        var admin = server.As("42", Roles.Admin);
        var health = new Grpc.Health.V1.Health.HealthClient(server.Channel);
        Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest { Service = "readiness" })).Status);
        foreach (var unit in Reports.JingmenDistricts.Concat(["4208", "42", "4201", "420102", "420103"]))
        {
            foreach (var year in new[] { 2019, 2020, 2021, Year }.Concat(Enumerable.Range(2022, 79).Where(y => y % 7 == 0)))
            {
                var history = await server.Submissions.ListAllVersionsAsync(unit, year, admin);
                Assert.True(history.Versions.Count == 0, $"{unit} {year}: {history.Versions.Count} versions stored");
            }
        }

        // Still accepts a good submission afterwards.
        var ok = await server.Submissions.SubmitAsync(new SubmitRequest { Report = Reports.Valid("jingmen-hitech", 2099, 1), IdempotencyKey = "good" },
            server.As("jingmen-hitech", Roles.District));
        Assert.Equal(AckOutcome.Accepted, ok.Acknowledgement.Outcome);
    }

    // ------------------------------------------------------------------ raw protobuf

    private static byte[] Len(int field, byte[] payload) => [.. Varint((ulong)((field << 3) | 2)), .. Varint((ulong)payload.Length), .. payload];

    /// <summary>Unknown field 15 as <paramref name="depth"/> nested groups (start-group 0x7B … end-group 0x7C): over the parser's recursion limit of 100.</summary>
    private static byte[] Nested(int depth) => [.. Enumerable.Repeat((byte)0x7B, depth), .. Enumerable.Repeat((byte)0x7C, depth)];

    private static byte[] RawSubmit(string target, byte[] bad)
    {
        static byte[] VarintField(int field, ulong value) => [.. Varint((ulong)(field << 3)), .. Varint(value)];
        var unit = target == "unit_id" ? [.. "420881"u8, .. bad] : "420881"u8.ToArray();
        var intro = target == "introduction" ? [.. "总体"u8, .. bad] : "总体"u8.ToArray();
        var category = target == "category" ? [.. bad, .. "x"u8] : "新闻"u8.ToArray();
        var key = target == "idempotency_key" ? [.. "k"u8, .. bad] : "raw-key"u8.ToArray();
        byte[] overview = [.. Len(1, intro), .. Len(7, [.. VarintField(1, 5), .. Len(2, [.. Len(1, category), .. VarintField(2, 5)])])];
        byte[] report = [.. Len(1, unit), .. VarintField(2, Year), .. VarintField(3, 2), .. Len(4, overview)];
        return [.. Len(1, report), .. Len(2, key)];
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value != 0 ? (byte)(b | 0x80) : b);
        }
        while (value != 0);
        return [.. bytes];
    }

    private static async Task<(StatusCode Code, string Detail, string[] Fields)> CallRawAsync(CallInvoker invoker, Method<byte[], byte[]> method, string token, byte[] body)
    {
        try
        {
            await invoker.AsyncUnaryCall(method, null, InProcessServer.With(token), body);
            return (StatusCode.OK, "", []);
        }
        catch (RpcException e)
        {
            var fields = e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToArray() ?? [];
            return (e.StatusCode, e.Status.Detail, fields);
        }
    }
}
