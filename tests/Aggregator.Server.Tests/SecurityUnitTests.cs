using Aggregator.Contracts.V1;
using Aggregator.Security;
using Aggregator.Server.Services;
using Google.Rpc;
using Microsoft.Extensions.Configuration;
using Grpc.Core;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Aggregator.Server.Tests;

public sealed class SecurityUnitTests
{
    [Fact]
    public void SigningKey_LoadOrCreate_CreatesOnceThenLoadsTheSameKey()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("agg-key-").FullName, "sub", "signing-key");

        var (created, wasCreated) = SigningKey.LoadOrCreate(path);
        var (loaded, wasCreatedAgain) = SigningKey.LoadOrCreate(path);

        Assert.True(wasCreated);
        Assert.False(wasCreatedAgain);
        Assert.Equal(32, created.Length);
        Assert.Equal(created, loaded);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void SigningKey_LoadOrCreate_FreshDataDirectory_Directory0700File0600NoTemporaryLeft()
    {
        var root = Directory.CreateTempSubdirectory("agg-key-modes-").FullName;
        var data = Path.Combine(root, "data", "nested");
        var path = Path.Combine(data, "signing-key");

        SigningKey.LoadOrCreate(path);

        Assert.Equal(SecretFile.DirectoryMode, File.GetUnixFileMode(data));
        Assert.Equal(SecretFile.DirectoryMode, File.GetUnixFileMode(Path.Combine(root, "data")));
        Assert.Equal(SecretFile.FileMode, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(data));
        Assert.Empty(SecretFile.LooseModes(path));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void SecretFile_LooseModes_NamesTheFileAndTheDirectoryWithTheirModes()
    {
        var data = Directory.CreateTempSubdirectory("agg-key-loose-").FullName;
        var path = Path.Combine(data, "signing-key");
        SigningKey.LoadOrCreate(path);
        File.SetUnixFileMode(path, SecretFile.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(data, SecretFile.DirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);

        var loose = SecretFile.LooseModes(path);
        File.SetUnixFileMode(path, SecretFile.FileMode | UnixFileMode.GroupRead);
        File.SetUnixFileMode(data, SecretFile.DirectoryMode | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var groupReadable = SecretFile.LooseModes(path);

        Assert.Equal([(path, "644"), (data, "755")], loose);
        Assert.Empty(groupReadable); // e.g. a Kubernetes secret mounted 0440 for the pod's fsGroup
    }

    [Fact]
    public async Task TokenIssuer_Mint_ValidatesWithUnitAndRoleClaims()
    {
        var key = new byte[32];
        key[0] = 7;
        var token = TokenIssuer.Mint(key, "jingmen-zhanghe", Roles.District, TimeSpan.FromHours(1));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, TokenIssuer.ValidationParameters(key));

        Assert.True(result.IsValid);
        Assert.Equal("jingmen-zhanghe", result.Claims[AggregatorClaims.UnitId]);
        Assert.Equal(Roles.District, result.Claims[AggregatorClaims.Role]);
        var forged = await new JsonWebTokenHandler().ValidateTokenAsync(token, TokenIssuer.ValidationParameters(new byte[32]));
        Assert.False(forged.IsValid);
    }

    [Fact]
    public void TokenIssuer_UnknownRole_Throws() =>
        Assert.Throws<ArgumentException>(() => TokenIssuer.Mint(new byte[32], "42", "mayor", TimeSpan.FromHours(1)));

    [Fact]
    public void ErrorDetails_ManyViolations_TruncatedUnderEightKilobytes()
    {
        var errors = Enumerable.Range(0, 500).Select(i => new Finding
        {
            RuleId = "A3.row_total",
            Cells = { "s3.row" + i + ".total" },
            MessageEn = "The total does not equal the sum of the six requester columns " + i,
            MessageZh = "总计不等于六类申请人之和 " + i,
        }).ToList();

        var ex = ErrorDetails.InvalidArgument("rejected", errors);

        var status = ex.GetRpcStatus()!;
        Assert.Equal((int)StatusCode.InvalidArgument, status.Code);
        Assert.True(status.CalculateSize() * 4 / 3 < 8 * 1024, "size " + status.CalculateSize());
        var violations = status.GetDetail<BadRequest>()!.FieldViolations;
        Assert.StartsWith("… and ", violations[^1].Description, StringComparison.Ordinal);
        Assert.EndsWith(" more", violations[^1].Description, StringComparison.Ordinal);
        Assert.Equal(500, violations.Count - 1 + int.Parse(violations[^1].Description.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture));
    }
}
