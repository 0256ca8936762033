using Aggregator.Cli;
using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Xunit.Abstractions;

namespace Aggregator.Server.Tests;

/// <summary>
/// Key rotation and revocation of the built-in HMAC mode (issue 17.2), on a running server: keys added,
/// retired and units revoked with the real CLI (<c>aggregator keys</c>) apply without a restart, within
/// the server's key ring poll interval.
/// </summary>
public sealed class KeyRotationServerTests(ITestOutputHelper output)
{
    private const string Zhanghe = "jingmen-zhanghe";
    private const string Dongbao = "420802";

    [Fact]
    public async Task Rotation_MidRun_OldTokenValidUntilRetiredThenRefusedWithTheReason()
    {
        await using var server = await StartAsync();
        var path = server.SigningKeyPath;
        var cli = new CliRunner();
        var oldToken = server.Token(Zhanghe, Roles.District);
        Assert.Equal(StatusCode.OK, await CallAsync(server, oldToken));

        var added = await cli.RunAsync("keys", "add", "--kid", "k2", "--key", path);
        var newToken = (await cli.RunAsync("token", "--unit", Zhanghe, "--role", Roles.District, "--key", path, "--lifetime", "15m")).RawOut.Trim();
        await EventuallyAsync(async () => await CallAsync(server, newToken) == StatusCode.OK, "the token of the added key is accepted");

        Assert.Equal(ExitCodes.Ok, added.ExitCode);
        Assert.Equal("k2", new JsonWebToken(newToken).Kid);
        Assert.InRange(new JsonWebToken(newToken).ValidTo - new JsonWebToken(newToken).IssuedAt, TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15));
        Assert.Equal(StatusCode.OK, await CallAsync(server, oldToken));
        Assert.Equal("k2", server.App.Services.GetRequiredService<Auth.SigningKeyProvider>().Ring.Signing.Kid);

        var retired = await cli.RunAsync("keys", "retire", KeyRing.LegacyKeyId, "--key", path);
        var sinceRetired = System.Diagnostics.Stopwatch.StartNew();
        await EventuallyAsync(async () => await CallAsync(server, oldToken) != StatusCode.OK, "the retired key's token is refused");
        // A figure for the report, not an assertion: how long the running server took to apply the retirement (poll 100 ms here).
        output.WriteLine($"retired key refused {sinceRetired.ElapsedMilliseconds} ms after 'keys retire' returned");
        var refused = await Assert.ThrowsAsync<RpcException>(() => GetUnitAsync(server, oldToken));
        var lastKey = await cli.RunAsync("keys", "retire", "k2", "--key", path);
        var listed = await cli.RunAsync("keys", "list", "--key", path);

        Assert.Equal(ExitCodes.Ok, retired.ExitCode);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("signed with a retired key ('aggregator'", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.OK, await CallAsync(server, newToken));
        Assert.Equal(ExitCodes.Usage, lastKey.ExitCode);
        Assert.Contains("last signing key", lastKey.All, StringComparison.Ordinal);
        Assert.Contains("k2", listed.Out, StringComparison.Ordinal);
        Assert.Contains("signing", listed.Out, StringComparison.Ordinal);
        Assert.Contains("aggregator", listed.Out, StringComparison.Ordinal);
        Assert.Contains("retired", listed.Out, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(SecretFile.FileMode, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public async Task ForeignKeyWithAKnownKid_AndAlgNone_Refused()
    {
        await using var server = await StartAsync();
        var cli = new CliRunner();
        await cli.RunAsync("keys", "add", "--kid", "k2", "--key", server.SigningKeyPath);
        var foreign = TokenIssuer.Mint(new byte[32], Zhanghe, Roles.District, TimeSpan.FromHours(1), keyId: "k2");
        var unknownKid = TokenIssuer.Mint(new byte[32], Zhanghe, Roles.District, TimeSpan.FromHours(1), keyId: "nobody");
        var none = new JsonWebTokenHandler().CreateToken(
            $$"""{"sub":"x","unit":"{{Zhanghe}}","role":"district","iss":"aggregator","aud":"aggregator","iat":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");

        foreach (var (token, expected) in new[] { (foreign, "signature does not verify"), (unknownKid, "signature does not verify"), (none, "algorithm 'none' is not accepted") })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => GetUnitAsync(server, token));
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
            Assert.Contains(expected, ex.Status.Detail, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Issue 17, "Done when": a token of a retired key and an alg=none token are refused, and each refusal
    /// has its entry in the deployment-wide audit trail (no valid token, so no unit to file it under).
    /// Each probe goes to its own RPC, so each entry is told apart from those of the polling calls.
    /// </summary>
    [Fact]
    public async Task RetiredKeyAndAlgNone_EachRefused_EachWithADeploymentAuditEntry()
    {
        await using var server = await StartAsync();
        var cli = new CliRunner();
        var path = server.SigningKeyPath;
        var retiredToken = server.Token(Zhanghe, Roles.District);
        await cli.RunAsync("keys", "add", "--kid", "k2", "--key", path);
        var admin = (await cli.RunAsync("token", "--unit", "42", "--role", Roles.Admin, "--key", path, "--lifetime", "15m")).RawOut.Trim();
        await EventuallyAsync(async () => await CallAsync(server, admin) == StatusCode.OK, "the token of the added key is accepted");
        await cli.RunAsync("keys", "retire", KeyRing.LegacyKeyId, "--key", path);
        await EventuallyAsync(async () => await CallAsync(server, retiredToken) != StatusCode.OK, "the retired key's token is refused");
        var none = new JsonWebTokenHandler().CreateToken(
            $$"""{"sub":"x","unit":"{{Zhanghe}}","role":"district","iss":"aggregator","aud":"aggregator","iat":{{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}},"exp":{{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}""");

        var retired = await Assert.ThrowsAsync<RpcException>(() => new QueryService.QueryServiceClient(server.Channel)
            .GetRollupAsync(new GetRollupRequest { UnitId = "4208", Year = 2023 }, AggregatorTestServer.With(retiredToken)).ResponseAsync);
        var unsigned = await Assert.ThrowsAsync<RpcException>(() => new SubmissionService.SubmissionServiceClient(server.Channel)
            .GetSubmissionAsync(new GetSubmissionRequest { UnitId = Zhanghe, Year = 2023 }, AggregatorTestServer.With(none)).ResponseAsync);

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (retired.StatusCode, unsigned.StatusCode));
        var audit = new AuditService.AuditServiceClient(server.Channel);
        List<AuditEntry> entries = [];
        await EventuallyAsync(async () =>
        {
            entries = [.. (await audit.ListAuditAsync(new ListAuditRequest { UnitId = "-", Year = 0, PageSize = 1000 }, AggregatorTestServer.With(admin))).Entries];
            return entries.Any(e => e.Detail.Contains("GetRollup", StringComparison.Ordinal)) && entries.Any(e => e.Detail.Contains("GetSubmission", StringComparison.Ordinal));
        }, "both refusals are in the deployment audit trail");
        var retiredEntry = Assert.Single(entries, e => e.Detail.Contains("/aggregator.v1.QueryService/GetRollup", StringComparison.Ordinal));
        var noneEntry = Assert.Single(entries, e => e.Detail.Contains("/aggregator.v1.SubmissionService/GetSubmission", StringComparison.Ordinal));
        Assert.Contains("retired_key: The token is signed with a retired key ('aggregator'", retiredEntry.Detail, StringComparison.Ordinal);
        Assert.Contains("invalid_token: The token's signing algorithm 'none' is not accepted", noneEntry.Detail, StringComparison.Ordinal);
        Assert.All([retiredEntry, noneEntry], e => Assert.Equal((AuditAction.Denied, AuditOutcome.Refused, 16, "127.0.0.1"), (e.Action, e.Outcome, e.StatusCode, e.Peer)));
    }

    [Fact]
    public async Task Revoke_Unit_RefusesItsEarlierTokensWithoutRestart_OthersAndLaterTokensValid()
    {
        await using var server = await StartAsync();
        var path = server.SigningKeyPath;
        var cli = new CliRunner();
        var revokedToken = server.Token(Zhanghe, Roles.District);
        var otherUnit = server.Token(Dongbao, Roles.District);
        Assert.Equal(StatusCode.OK, await CallAsync(server, revokedToken));

        var revoke = await cli.RunAsync("keys", "revoke", "--unit", Zhanghe, "--key", path);
        await EventuallyAsync(async () => await CallAsync(server, revokedToken) != StatusCode.OK, "the revoked unit's token is refused");
        var refused = await Assert.ThrowsAsync<RpcException>(() => GetUnitAsync(server, revokedToken));
        // Issued after the revocation (iat has whole seconds: one second later is after it).
        var later = TokenIssuer.Mint(KeyRing.Load(path), Zhanghe, Roles.District, TimeSpan.FromHours(1), now: DateTimeOffset.UtcNow.AddSeconds(1));

        Assert.Equal(ExitCodes.Ok, revoke.ExitCode);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains($"tokens of unit '{Zhanghe}' issued before", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("revoked", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.OK, await CallAsync(server, later));
        Assert.Equal(StatusCode.OK, await CallAsync(server, otherUnit));

        var unrevoke = await cli.RunAsync("keys", "unrevoke", "--unit", Zhanghe, "--key", path);
        await EventuallyAsync(async () => await CallAsync(server, revokedToken) == StatusCode.OK, "the unit's token is accepted again after unrevoke");
        Assert.Equal(ExitCodes.Ok, unrevoke.ExitCode);
    }

    [Fact]
    public async Task OpenWatch_UnitRevokedOrKeyRetiredMidStream_EndsUnauthenticatedWithTheReason()
    {
        await using var server = await StartAsync();
        var path = server.SigningKeyPath;
        var cli = new CliRunner();
        var status = new StatusService.StatusServiceClient(server.Channel);
        var legacyProvince = server.Token("42", Roles.Province);
        await cli.RunAsync("keys", "add", "--kid", "k2", "--key", path);
        var k2 = KeyRing.Load(path).Find("k2")!;
        await EventuallyAsync(async () => await CallAsync(server, TokenIssuer.Mint(k2.Secret, "4208", Roles.City, TimeSpan.FromHours(1), keyId: "k2")) == StatusCode.OK, "k2 validates");
        using var revokedWatch = status.WatchStatus(new WatchStatusRequest { UnitId = "4208", Year = 2021 },
            AggregatorTestServer.With(TokenIssuer.Mint(k2.Secret, "4208", Roles.City, TimeSpan.FromHours(1), keyId: "k2")).WithDeadline(DateTime.UtcNow.AddSeconds(60)));
        using var retiredWatch = status.WatchStatus(new WatchStatusRequest { UnitId = "42", Year = 2021 },
            AggregatorTestServer.With(legacyProvince).WithDeadline(DateTime.UtcNow.AddSeconds(60)));
        Assert.True(await revokedWatch.ResponseStream.MoveNext(), "the board is sent while the token is valid");
        Assert.True(await retiredWatch.ResponseStream.MoveNext(), "the board is sent while the token is valid");

        await cli.RunAsync("keys", "revoke", "--unit", "4208", "--key", path);
        await cli.RunAsync("keys", "retire", KeyRing.LegacyKeyId, "--key", path);
        var revoked = await Assert.ThrowsAsync<RpcException>(() => DrainAsync(revokedWatch.ResponseStream));
        var retired = await Assert.ThrowsAsync<RpcException>(() => DrainAsync(retiredWatch.ResponseStream));

        Assert.Equal(StatusCode.Unauthenticated, revoked.StatusCode);
        Assert.Contains("The tokens of unit '4208' issued before", revoked.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unauthenticated, retired.StatusCode);
        Assert.Contains("The token's key ('aggregator') was retired at", retired.Status.Detail, StringComparison.Ordinal);
    }

    private static async Task DrainAsync<T>(IAsyncStreamReader<T> stream)
    {
        while (await stream.MoveNext(CancellationToken.None))
        {
        }
    }

    private static Task<AggregatorTestServer> StartAsync() => AggregatorTestServer.StartAsync(new AggregatorTestServerOptions
    {
        DirectoryPrefix = "agg-keys-",
        Settings = new Dictionary<string, string?> { ["Aggregator:Auth:KeyRingPollInterval"] = "00:00:00.100" },
    });

    private static Task<GetUnitResponse> GetUnitAsync(AggregatorTestServer server, string token) =>
        new RegistryService.RegistryServiceClient(server.Channel).GetUnitAsync(new GetUnitRequest(), AggregatorTestServer.With(token)).ResponseAsync;

    private static async Task<StatusCode> CallAsync(AggregatorTestServer server, string token)
    {
        try
        {
            await GetUnitAsync(server, token);
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>Waits (up to 30 s) for the server to read the changed ring; fails naming <paramref name="what"/> otherwise.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Not within 30 s: " + what);
            await Task.Delay(50);
        }
    }
}
