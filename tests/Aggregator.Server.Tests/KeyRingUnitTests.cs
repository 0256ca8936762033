using Aggregator.Security;

namespace Aggregator.Server.Tests;

public sealed class KeyRingUnitTests
{
    [Fact]
    public void Load_LegacySingleKeyFile_RingOfOneKeyWithTheLegacyKid()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("agg-ring-").FullName, "signing-key");
        var (key, _) = SigningKey.LoadOrCreate(path);

        var ring = KeyRing.Load(path);

        Assert.True(ring.IsLegacy);
        Assert.Equal(KeyRing.LegacyKeyId, ring.Signing.Kid);
        Assert.Equal(key, ring.Signing.Secret);
        Assert.Single(ring.ValidatingKeys);
    }

    [Fact]
    public void Save_ThenLoad_RoundTripsKeysRetirementsAndRevocations()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("agg-ring-").FullName, "signing-key");
        SigningKey.LoadOrCreate(path);
        var t = new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);
        var ring = KeyRing.Load(path).WithNewKey("k2", t).WithNewKey(null, t.AddMinutes(1)).Retire(KeyRing.LegacyKeyId, t.AddMinutes(2)).Revoke("420802", t.AddMinutes(3));

        ring.Save(path);
        var loaded = KeyRing.Load(path);

        Assert.False(loaded.IsLegacy);
        Assert.Equal(ring.Keys.Select(k => (k.Kid, Convert.ToBase64String(k.Secret), k.Created, k.Retired)), loaded.Keys.Select(k => (k.Kid, Convert.ToBase64String(k.Secret), k.Created, k.Retired)));
        Assert.Equal(ring.Keys[2].Kid, loaded.Signing.Kid);
        Assert.StartsWith("k20261204T080100-", loaded.Signing.Kid, StringComparison.Ordinal);
        Assert.Equal(t.AddMinutes(3), loaded.RevokedBefore("420802"));
        Assert.Null(loaded.RevokedBefore("420804"));
        Assert.Empty(loaded.KeysFor(KeyRing.LegacyKeyId));
        Assert.Equal(["k2"], loaded.KeysFor("k2").Select(k => k.KeyId));
        Assert.Equal(2, loaded.KeysFor("unknown").Count());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(SecretFile.FileMode, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void Retire_LastSigningKey_Refused()
    {
        var ring = KeyRing.New("only", DateTimeOffset.UtcNow);

        var ex = Assert.Throws<KeyRingException>(() => ring.Retire("only", DateTimeOffset.UtcNow));

        Assert.Contains("last signing key", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"keys\":[]}", "no key that is not retired")]
    [InlineData("{\"keys\":[{\"kid\":\"a\",\"key\":\"AAAA\",\"created\":\"2026-01-01T00:00:00Z\"}]}", "shorter than 256 bits")]
    [InlineData("{\"keys\":[{\"kid\":\"a b\",\"key\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\",\"created\":\"2026-01-01T00:00:00Z\"}]}", "Key id 'a b' is not valid")]
    [InlineData("{\"keys\":[{\"kid\":\"a\",\"created\":\"2026-01-01T00:00:00Z\"}]}", "lacks 'key' in key 'a'")]
    [InlineData("{\"keys\":", "is not valid")]
    [InlineData("not base64 !", "neither base64 text")]
    public void Parse_BadFile_NamesTheFileAndTheFault(string content, string expected)
    {
        var ex = Assert.Throws<KeyRingException>(() => KeyRing.Parse(System.Text.Encoding.UTF8.GetBytes(content), "/data/signing-key", DateTime.UtcNow));

        Assert.Contains("/data/signing-key", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
