using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Storage;
using Aggregator.Storage.Redis;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Aggregator.Server.Tests;

/// <summary>
/// Enum values a proto does not define are refused with INVALID_ARGUMENT naming the field, on every
/// RPC, before anything is read or written (issue 20.1: a district flooding GetRollup with new
/// policies made permanent cache keys); every cache entry the store writes expires.
/// </summary>
public abstract class UnknownEnumServerTests<TFixture>(TFixture fixture)
    where TFixture : ServerFixture
{
    private const string District = "420881";

    private static readonly Google.Protobuf.Reflection.ServiceDescriptor[] s_services =
        [SubmissionService.Descriptor, QueryService.Descriptor, StatusService.Descriptor, RegistryService.Descriptor];

    private IConnectionMultiplexer Redis => fixture.App.Services.GetRequiredService<RedisConnection>().Multiplexer;

    [Fact]
    public async Task EveryRpc_UnknownValueInAnyEnumField_InvalidArgumentNamingTheField_NothingStored()
    {
        var invoker = fixture.Channel.CreateCallInvoker();
        var admin = fixture.As("42", Roles.Admin);
        var before = await KeysAsync("*");
        var failures = new List<string>();
        var cases = 0;
        // Client streams are checked per message (below): one bad message does not end the stream.
        foreach (var m in s_services.SelectMany(s => s.Methods).Where(m => !m.IsClientStreaming))
        {
            foreach (var (path, body) in EnumFields(m.InputType, "", 0))
            {
                cases++;
                var (code, detail, fields) = await RequestParsingServerTests.CallAsync(invoker, m, body, admin);
                if (code != StatusCode.InvalidArgument || !fields.SequenceEqual([path])
                    || !detail.StartsWith($"The request field '{path}' has the unknown value 1000 (", StringComparison.Ordinal))
                {
                    failures.Add($"{m.FullName} {path}: {code} {detail} [{string.Join(",", fields)}]");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // policy ×5, unit_listing ×2, format (export), report.format ×3, source (get, export), decision …
        Assert.True(cases >= 12, cases + " enum fields");
        Assert.Equal(before, await KeysAsync("*"));
    }

    [Fact]
    public async Task ClientStreams_MessageWithUnknownFormat_RefusedOnItsOwn_StreamGoesOn()
    {
        var admin = fixture.As("42", Roles.Admin);
        var bogus = TestReports.Zhanghe2021(District, 2026);
        bogus.Format = (FormatVersion)1000;
        var before = await KeysAsync("*");

        using var submit = fixture.Submissions.SubmitStream(admin);
        await submit.RequestStream.WriteAsync(new SubmitStreamRequest { CorrelationId = "bad", Submission = new SubmitRequest { Report = bogus, IdempotencyKey = "enum-bad" } });
        await submit.RequestStream.CompleteAsync();
        var acks = await submit.ResponseStream.ReadAllAsync().ToListAsync();

        using var backfill = fixture.Submissions.BackfillStream(admin);
        await backfill.RequestStream.WriteAsync(new BackfillStreamRequest { CorrelationId = "bad", Record = new BackfillRequest { UnitId = District, Year = 2026, Report = bogus, Source = new PublishedSource { FileName = "t.html" } } });
        await backfill.RequestStream.CompleteAsync();
        var results = await backfill.ResponseStream.ReadAllAsync().ToListAsync();

        var ack = Assert.Single(acks).Acknowledgement;
        Assert.Equal((AckOutcome.Rejected, (int)StatusCode.InvalidArgument), (ack.Outcome, ack.StatusCode));
        Assert.StartsWith("The request field 'report.format' has the unknown value 1000 (aggregator.v1.FormatVersion)", ack.StatusMessage, StringComparison.Ordinal);
        var result = Assert.Single(results);
        Assert.Equal((int)StatusCode.InvalidArgument, result.StatusCode);
        Assert.StartsWith("The request field 'report.format' has the unknown value 1000", result.StatusMessage, StringComparison.Ordinal);
        // Nothing stored (the refusals may be audited in the city-year's trail, bounded by Aggregator:Audit).
        Assert.Equal(before.Where(k => !IsAuditKey(k)), (await KeysAsync("*")).Where(k => !IsAuditKey(k)));
    }

    private static bool IsAuditKey(string key) => key.EndsWith(":audit", StringComparison.Ordinal) || key.EndsWith(":audit:head", StringComparison.Ordinal);

    [Fact]
    public async Task District_FloodsItsOwnQueriesWithUnknownPolicies_AllInvalidArgument_NoKeyCreated()
    {
        var queries = new QueryService.QueryServiceClient(fixture.Channel);
        var district = fixture.As(District, Roles.District);
        await fixture.Submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021(District, 2024), IdempotencyKey = "flood" }, district);
        var before = await KeysAsync("*");

        var answers = new List<StatusCode>();
        for (var v = 3; v <= 1000; v++)
        {
            var policy = (VersionPolicy)v;
            answers.Add(await CodeOf(queries.GetRollupAsync(new GetRollupRequest { UnitId = District, Year = 2024, Policy = policy }, district).ResponseAsync));
            if (v % 50 == 3)
            {
                answers.Add(await CodeOf(queries.CompareAsync(new CompareRequest { UnitId = District, Year = 2024, Metric = "s3.new_requests.total", Policy = policy }, district).ResponseAsync));
                answers.Add(await CodeOf(queries.GetYearSummaryAsync(new GetYearSummaryRequest { UnitId = District, Year = 2024, Policy = policy }, district).ResponseAsync));
                answers.Add(await CodeOf(queries.ExportAsync(new ExportRequest { Rollup = new GetRollupRequest { UnitId = District, Year = 2024, Policy = policy } }, district).ResponseAsync));
                answers.Add(await CodeOf(queries.GetRollupAsync(new GetRollupRequest { UnitId = District, Year = 2024, UnitListing = (UnitListing)(v + 1) }, district).ResponseAsync));
                using var watch = queries.WatchRollup(new WatchRollupRequest { UnitId = District, Year = 2024, Policy = policy }, district);
                answers.Add(await CodeOf(watch.ResponseStream.MoveNext()));
            }
        }

        Assert.All(answers, code => Assert.Equal(StatusCode.InvalidArgument, code));
        Assert.Equal(998 + (20 * 5), answers.Count);
        Assert.Equal(before, await KeysAsync("*"));
    }

    [Fact]
    public async Task CacheEntries_AllExpire_OnlyStoredDataIsPermanent()
    {
        var queries = new QueryService.QueryServiceClient(fixture.Channel);
        var city = fixture.As("4208", Roles.City);
        await fixture.Submissions.SubmitAsync(new SubmitRequest { Report = TestReports.Zhanghe2021(District, 2025), IdempotencyKey = "ttl" }, fixture.As(District, Roles.District));
        foreach (var policy in new[] { VersionPolicy.Unspecified, VersionPolicy.LatestAccepted })
        {
            await queries.GetRollupAsync(new GetRollupRequest { UnitId = "4208", Year = 2025, Policy = policy }, city);
            await queries.CompareAsync(new CompareRequest { UnitId = "4208", Year = 2025, Metric = "s3.new_requests.total", Policy = policy }, city);
        }

        var db = Redis.GetDatabase();
        var caches = await KeysAsync("agg:{4208:2025}:cache:*");
        Assert.Contains(caches, k => k.Contains(":cache:d:", StringComparison.Ordinal));
        var day = TimeSpan.FromHours(24);
        foreach (var key in caches)
        {
            var ttl = await db.KeyTimeToLiveAsync(key);
            Assert.True(ttl is { } t && t > TimeSpan.Zero && t <= day, $"{key}: TTL {ttl}");
        }

        // Whatever has no expiry is stored data, never a cache.
        var permanent = new List<string>();
        foreach (var key in await KeysAsync("*"))
        {
            if (await db.KeyTimeToLiveAsync(key) is null)
            {
                permanent.Add(key);
            }
        }

        Assert.NotEmpty(permanent);
        Assert.All(permanent, key => Assert.Matches(@"^agg:\{[^}]+\}:(heads|blobs|idem|rev|hist:.+|audit|audit:head)$", key));
    }

    private static async Task<StatusCode> CodeOf(Task task)
    {
        try
        {
            await task;
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private async Task<List<string>> KeysAsync(string pattern)
    {
        var keys = new List<string>();
        foreach (var server in Redis.GetServers())
        {
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000))
            {
                keys.Add(key.ToString());
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>
    /// Every enum field reachable from <paramref name="type"/> (three messages deep), with a request
    /// body setting only that field to 1000.
    /// </summary>
    private static IEnumerable<(string Path, byte[] Body)> EnumFields(MessageDescriptor type, string prefix, int depth)
    {
        foreach (var field in type.Fields.InFieldNumberOrder())
        {
            var path = prefix + field.Name + (field.IsRepeated ? "[0]" : "");
            if (field.FieldType == FieldType.Enum)
            {
                yield return (path, [.. Varint((ulong)field.FieldNumber << 3), .. Varint(1000)]);
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap && depth < 3)
            {
                foreach (var (nestedPath, nested) in EnumFields(field.MessageType, path + ".", depth + 1))
                {
                    yield return (nestedPath, [.. Varint(((ulong)field.FieldNumber << 3) | 2), .. Varint((ulong)nested.Length), .. nested]);
                }
            }
        }
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

}

[Collection("redis-server-e2e")]
public sealed class RedisUnknownEnumServerTests(RedisServerFixture fixture) : UnknownEnumServerTests<RedisServerFixture>(fixture);

[Collection("garnet-server-e2e")]
public sealed class GarnetUnknownEnumServerTests(GarnetServerFixture fixture) : UnknownEnumServerTests<GarnetServerFixture>(fixture);
