using System.Text.Json.Nodes;
using System.Text;
using Aggregator.Contracts.V1;
using Aggregator.Reliability.Tests.Infrastructure;
using Aggregator.Security;
using Aggregator.Testing;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Xunit.Abstractions;

namespace Aggregator.Reliability.Tests;

/// <summary>
/// Every RPC of SubmissionService, QueryService, StatusService and RegistryService (listed by
/// reflection over the service descriptors) × six bad tokens: a district token against another
/// district, a city token outside its subtree, no token, an expired token, a token signed with
/// another key, a token with tampered claims. Each is denied with the right status, logged, and
/// counted in <c>aggregator.auth.denied</c>.
/// </summary>
/// <remarks>Extends ServerEndToEndTests' auth matrix (Submit and GetSubmission only) to every RPC.</remarks>
[Trait("Category", "Reliability")]
public sealed class TenantIsolationTests(ITestOutputHelper output)
{
    private const int Year = 2060;
    private const string Victim = "jingmen-zhanghe";

    private static readonly ServiceDescriptor[] s_services =
        [SubmissionService.Descriptor, QueryService.Descriptor, StatusService.Descriptor, RegistryService.Descriptor, AuditService.Descriptor];

    /// <summary>Every RPC of the five services, plus Export of a stored report and of a comparison (Export covers a rollup).</summary>
    private static List<string> Methods() =>
        [.. s_services.SelectMany(s => s.Methods.Select(m => s.Name + "." + m.Name)), "QueryService.Export(report)", "QueryService.Export(comparison)"];

    [Fact]
    public async Task EveryRpc_SixBadTokens_DeniedWithRightStatusLoggedAndCounted()
    {
        await using var server = await InProcessServer.StartAsync();
        var key = server.SigningKey;
        var cases = new (string Name, string? Token, StatusCode Expected, string[] Reasons, int LogEvent)[]
        {
            ("district token, another district", TokenIssuer.Mint(key, "420802", Roles.District, TimeSpan.FromHours(1)), StatusCode.PermissionDenied, ["other_unit", "role"], 2004),
            ("city token, outside its subtree", TokenIssuer.Mint(key, Reports.Wuhan, Roles.City, TimeSpan.FromHours(1)), StatusCode.PermissionDenied, ["outside_subtree", "other_unit"], 2004),
            ("no token", null, StatusCode.Unauthenticated, ["missing_token"], 2005),
            ("expired token", TokenIssuer.Mint(key, Victim, Roles.District, TimeSpan.FromMinutes(5), now: DateTimeOffset.UtcNow.AddHours(-2)), StatusCode.Unauthenticated, ["expired_token"], 2005),
            ("token signed with another key", TokenIssuer.Mint(new byte[32], Victim, Roles.Admin, TimeSpan.FromHours(1)), StatusCode.Unauthenticated, ["invalid_token"], 2005),
            ("token with tampered claims", Tamper(TokenIssuer.Mint(key, "420802", Roles.District, TimeSpan.FromHours(1))), StatusCode.Unauthenticated, ["invalid_token"], 2005),
            ("city role on the victim district (role/level mismatch)", TokenIssuer.Mint(key, Victim, Roles.City, TimeSpan.FromHours(1)), StatusCode.Unauthenticated, ["role_level"], 2005),
            ("admin role on a district (role/level mismatch)", TokenIssuer.Mint(key, Victim, Roles.Admin, TimeSpan.FromHours(1)), StatusCode.Unauthenticated, ["role_level"], 2005),
        };
        var methods = Methods();
        Assert.True(methods.Count >= 19, "the five services have 17 RPCs, and Export has three targets");

        var failures = new List<string>();
        foreach (var method in methods)
        {
            foreach (var (name, token, expected, reasons, logEvent) in cases)
            {
                var deniedBefore = reasons.Sum(server.Denied);
                var logsBefore = server.Logs.Count(l => l.EventId.Id == logEvent);
                var code = (await InvokeAsync(server, method, Victim, InProcessServer.With(token))).StatusCode;
                var counted = reasons.Sum(server.Denied) - deniedBefore;
                var logged = server.Logs.Count(l => l.EventId.Id == logEvent) - logsBefore;
                if (code != expected || counted < 1 || logged < 1)
                {
                    failures.Add($"{method} with {name}: {code} (expected {expected}), counted {counted}, logged {logged}");
                }
            }
        }

        output.WriteLine($"{methods.Count} RPCs × {cases.Length} tokens; denials counted: "
            + string.Join(", ", new[] { "other_unit", "role", "outside_subtree", "missing_token", "expired_token", "invalid_token", "role_level" }.Select(r => r + " " + server.Denied(r))));
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Nothing of the victim was written or read by the denied calls.
        var admin = server.As("42", Roles.Admin);
        var history = await server.Submissions.ListAllVersionsAsync(Victim, Year, admin);
        Assert.Empty(history.Versions);

        // Every denial has its audit entry: with a valid token in the victim's city-year trail (GetUnit names
        // no year: the deployment trail), without one in the deployment trail. Appended in the background.
        var audit = new AuditService.AuditServiceClient(server.Channel);
        async Task<List<AuditEntry>> AllAsync(string unit, int year)
        {
            var all = new List<AuditEntry>();
            var request = new ListAuditRequest { UnitId = unit, Year = year, PageSize = 1000 };
            do
            {
                var page = await audit.ListAuditAsync(request, admin);
                all.AddRange(page.Entries);
                request.PageToken = page.NextPageToken;
            }
            while (request.PageToken.Length > 0);
            return all;
        }

        var validTokenCases = cases.Count(c => c.Expected == StatusCode.PermissionDenied);
        var invalidTokenCases = cases.Length - validTokenCases;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int permission, unauthenticated;
        do
        {
            var trail = await AllAsync(Victim, Year);
            var deployment = await AllAsync("-", 0);
            permission = trail.Concat(deployment).Count(e => e.Action == AuditAction.Denied && e.StatusCode == (int)StatusCode.PermissionDenied && e.Peer.Length > 0 && e.Subject.Length > 0);
            unauthenticated = deployment.Count(e => e.Action == AuditAction.Denied && e.StatusCode == (int)StatusCode.Unauthenticated && e.Peer.Length > 0);
        }
        while ((permission < methods.Count * validTokenCases || unauthenticated < methods.Count * invalidTokenCases) && DateTime.UtcNow < deadline && await Delay());
        output.WriteLine($"audit entries: {permission} permission denials, {unauthenticated} authentication failures");
        Assert.True(permission >= methods.Count * validTokenCases, $"{permission} audited permission denials for {methods.Count * validTokenCases} calls");
        Assert.True(unauthenticated >= methods.Count * invalidTokenCases, $"{unauthenticated} audited authentication failures for {methods.Count * invalidTokenCases} calls");

        static async Task<bool> Delay()
        {
            await Task.Delay(100);
            return true;
        }
    }

    /// <summary>
    /// Enumeration (issue 20.10): for a non-admin caller, every RPC naming a unit the registry does not
    /// hold answers exactly as for a known unit outside the caller's reach: PERMISSION_DENIED, and the
    /// same message once the requested id is blanked out. An admin still learns NOT_FOUND.
    /// </summary>
    [Fact]
    public async Task EveryRpc_UnknownUnit_DeniedExactlyLikeAKnownUnitOutOfReach()
    {
        await using var server = await InProcessServer.StartAsync();
        var callers = new (string Name, CallOptions Options, string OutOfReach)[]
        {
            ("district", server.As("420802", Roles.District), Victim),
            ("city", server.As(Reports.Wuhan, Roles.City), Victim),
        };
        const string Unknown = "no-such-unit-77";
        var methods = Methods();

        var failures = new List<string>();
        foreach (var method in methods)
        {
            foreach (var (name, options, outOfReach) in callers)
            {
                var known = await InvokeAsync(server, method, outOfReach, options);
                var unknown = await InvokeAsync(server, method, Unknown, options);
                var knownShape = known.Detail.Replace(outOfReach, "<id>", StringComparison.Ordinal);
                var unknownShape = unknown.Detail.Replace(Unknown, "<id>", StringComparison.Ordinal);
                if (known.StatusCode != StatusCode.PermissionDenied || unknown.StatusCode != known.StatusCode || unknownShape != knownShape)
                {
                    failures.Add($"{method} as {name}: known out of reach {known.StatusCode} '{known.Detail}', unknown {unknown.StatusCode} '{unknown.Detail}'");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var admin = await InvokeAsync(server, "SubmissionService.GetSubmission", Unknown, server.As("42", Roles.Admin));
        Assert.Equal(StatusCode.NotFound, admin.StatusCode);
        Assert.Contains(Unknown, admin.Detail, StringComparison.Ordinal);
        Assert.True(server.Denied("unknown_target") >= methods.Count * callers.Length, "unknown targets are counted");
    }

    /// <summary>
    /// Allowed access inside a subtree: a city and a province token reach a district below them on every
    /// RPC but the two submission ones (a district writes only its own unit), which the district's own
    /// token reaches. "Reached" means neither PERMISSION_DENIED nor UNAUTHENTICATED (nothing is stored
    /// for the year, so NOT_FOUND or FAILED_PRECONDITION are fine).
    /// </summary>
    [Fact]
    public async Task EveryRpc_InsideTheCallersSubtree_Allowed()
    {
        await using var server = await InProcessServer.StartAsync();
        var failures = new List<string>();
        foreach (var method in Methods())
        {
            var isWrite = method is "SubmissionService.Submit" or "SubmissionService.SubmitStream";
            var callers = isWrite
                ? new[] { ("district itself", server.As(Victim, Roles.District)) }
                : method is "SubmissionService.ReviewSubmission" or "SubmissionService.Backfill" or "SubmissionService.BackfillStream" or "AuditService.VerifyAudit"
                    ? [("city", server.As("4208", Roles.City)), ("province", server.As("42", Roles.Province))]
                    : [("city", server.As("4208", Roles.City)), ("province", server.As("42", Roles.Province)), ("district itself", server.As(Victim, Roles.District))];
            foreach (var (name, options) in callers)
            {
                var status = await InvokeAsync(server, method, Victim, options);
                if (status.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                {
                    failures.Add($"{method} as {name}: {status.StatusCode} '{status.Detail}'");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>
    /// Unknown enum values (issue 20.1) on the caller's own unit: refused with INVALID_ARGUMENT naming the
    /// field, and no data comes back.
    /// </summary>
    [Fact]
    public async Task UnknownEnumValues_OwnUnit_InvalidArgumentNoData()
    {
        await using var server = await InProcessServer.StartAsync();
        var own = server.As("4208", Roles.City);
        var queries = server.Queries;
        var calls = new (string Field, Func<Task<object>> Call)[]
        {
            ("policy", async () => await queries.GetRollupAsync(new GetRollupRequest { UnitId = "4208", Year = Year, Policy = (VersionPolicy)99 }, own)),
            ("policy", async () => await queries.CompareAsync(new CompareRequest { UnitId = "4208", Year = Year, Metric = "s3.new_requests.total", Policy = (VersionPolicy)77 }, own)),
            ("format", async () => await queries.ExportAsync(new ExportRequest { Rollup = new GetRollupRequest { UnitId = "4208", Year = Year }, Format = (ExportFormat)55 }, own)),
            ("policy", async () => await queries.ExportAsync(new ExportRequest { Comparison = new CompareRequest { UnitId = "4208", Year = Year, Metric = "s3.new_requests.total", Policy = (VersionPolicy)66 }, Format = ExportFormat.Csv }, own)),
            ("decision", async () => await server.Submissions.ReviewSubmissionAsync(new ReviewSubmissionRequest { UnitId = Victim, Year = Year, Decision = (ReviewDecision)42, Version = 1 }, own)),
        };

        foreach (var (field, call) in calls)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(call);
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
            Assert.Contains(field, ex.Status.Detail, StringComparison.Ordinal);
        }
    }

    /// <summary>Changes the payload's unit and role and keeps the original signature.</summary>
    private static string Tamper(string jwt)
    {
        var parts = jwt.Split('.');
        var payload = JsonNode.Parse(Base64UrlDecode(parts[1]))!;
        payload[AggregatorClaims.UnitId] = Victim;
        payload[AggregatorClaims.Role] = Roles.Admin;
        parts[1] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return string.Join('.', parts);
    }

    private static string Base64UrlDecode(string s)
    {
        s = s.Replace('-', '+').Replace('_', '/');
        return Encoding.UTF8.GetString(Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=')));
    }

    /// <summary>
    /// A denied stream may already be over when the client writes (the server answered the headers
    /// with the error); the write then fails with CANCELLED and the call's real status comes from
    /// reading the response stream.
    /// </summary>
    private static async Task WriteIgnoringEndedCallAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (RpcException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Calls one RPC against <paramref name="target"/>; the status of the call (or of the streamed message's answer).</summary>
    private static async Task<Status> InvokeAsync(InProcessServer server, string method, string target, CallOptions options)
    {
        var submissions = server.Submissions;
        var queries = server.Queries;
        var status = new StatusService.StatusServiceClient(server.Channel);
        var registry = new RegistryService.RegistryServiceClient(server.Channel);
        var report = Reports.Valid(target, Year, 1);
        var backfill = new BackfillRequest
        {
            UnitId = target, Year = Year, Report = report, Source = new PublishedSource { FileName = "x.txt", ContentSha256 = new string('a', 64) },
        };
        try
        {
            switch (method)
            {
                case "SubmissionService.Submit":
                    await submissions.SubmitAsync(new SubmitRequest { Report = report, IdempotencyKey = "iso" }, options);
                    break;
                case "SubmissionService.SubmitStream":
                {
                    using var call = submissions.SubmitStream(options);
                    await WriteIgnoringEndedCallAsync(async () =>
                    {
                        await call.RequestStream.WriteAsync(new SubmitStreamRequest { CorrelationId = "1", Submission = new SubmitRequest { Report = report, IdempotencyKey = "iso" } });
                        await call.RequestStream.CompleteAsync();
                    });
                    return await call.ResponseStream.MoveNext()
                        ? new Status((StatusCode)call.ResponseStream.Current.Acknowledgement.StatusCode, call.ResponseStream.Current.Acknowledgement.StatusMessage)
                        : Status.DefaultSuccess;
                }

                case "SubmissionService.GetSubmission":
                    await submissions.GetSubmissionAsync(new GetSubmissionRequest { UnitId = target, Year = Year }, options);
                    break;
                case "SubmissionService.ListVersions":
                    await submissions.ListVersionsAsync(new ListVersionsRequest { UnitId = target, Year = Year }, options);
                    break;
                case "SubmissionService.ReviewSubmission":
                    await submissions.ReviewSubmissionAsync(new ReviewSubmissionRequest { UnitId = target, Year = Year, Decision = ReviewDecision.Accept, Version = 1 }, options);
                    break;
                case "SubmissionService.Backfill":
                    await submissions.BackfillAsync(backfill, options);
                    break;
                case "SubmissionService.BackfillStream":
                {
                    using var call = submissions.BackfillStream(options);
                    await WriteIgnoringEndedCallAsync(async () =>
                    {
                        await call.RequestStream.WriteAsync(new BackfillStreamRequest { CorrelationId = "1", Record = backfill });
                        await call.RequestStream.CompleteAsync();
                    });
                    return await call.ResponseStream.MoveNext()
                        ? new Status((StatusCode)call.ResponseStream.Current.StatusCode, call.ResponseStream.Current.StatusMessage)
                        : Status.DefaultSuccess;
                }

                case "QueryService.GetRollup":
                    await queries.GetRollupAsync(new GetRollupRequest { UnitId = target, Year = Year }, options);
                    break;
                case "QueryService.WatchRollup":
                {
                    using var call = queries.WatchRollup(new WatchRollupRequest { UnitId = target, Year = Year }, options);
                    await call.ResponseStream.MoveNext();
                    break;
                }

                case "QueryService.Compare":
                    await queries.CompareAsync(new CompareRequest { UnitId = target, Year = Year, Metric = "s3.new_requests.total" }, options);
                    break;
                case "QueryService.GetYearSummary":
                    await queries.GetYearSummaryAsync(new GetYearSummaryRequest { UnitId = target, Year = Year }, options);
                    break;
                case "QueryService.Export":
                    await queries.ExportAsync(new ExportRequest { Rollup = new GetRollupRequest { UnitId = target, Year = Year }, Format = ExportFormat.Csv }, options);
                    break;
                case "QueryService.Export(report)":
                    await queries.ExportAsync(new ExportRequest { Report = new GetSubmissionRequest { UnitId = target, Year = Year }, Format = ExportFormat.Csv }, options);
                    break;
                case "QueryService.Export(comparison)":
                    await queries.ExportAsync(new ExportRequest { Comparison = new CompareRequest { UnitId = target, Year = Year, Metric = "s3.new_requests.total" }, Format = ExportFormat.Csv }, options);
                    break;
                case "StatusService.GetStatus":
                    await status.GetStatusAsync(new GetStatusRequest { UnitId = target, Year = Year }, options);
                    break;
                case "StatusService.WatchStatus":
                {
                    using var call = status.WatchStatus(new WatchStatusRequest { UnitId = target, Year = Year }, options);
                    await call.ResponseStream.MoveNext();
                    break;
                }

                case "AuditService.ListAudit":
                    await new AuditService.AuditServiceClient(server.Channel).ListAuditAsync(new ListAuditRequest { UnitId = target, Year = Year }, options);
                    break;
                case "AuditService.VerifyAudit":
                    await new AuditService.AuditServiceClient(server.Channel).VerifyAuditAsync(new VerifyAuditRequest { UnitId = target, Year = Year }, options);
                    break;
                case "RegistryService.GetUnit":
                    await registry.GetUnitAsync(new GetUnitRequest { UnitId = target }, options);
                    break;
                default:
                    throw new InvalidOperationException("No isolation case for " + method + ": add one.");
            }

            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }
}
