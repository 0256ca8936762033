using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Aggregator.Security;

/// <summary>
/// The token keys of the built-in HMAC mode and the deny list of revoked units, kept in one owner-only
/// file (<c>&lt;data&gt;/signing-key</c> by default). The newest key that is not retired signs; every key
/// that is not retired validates; a retired key is refused with its own reason. A unit revoked at time T
/// has every token issued (<c>iat</c>) before T refused.
/// </summary>
/// <remarks>
/// The file holds either a legacy single key (base64 text, as written by <see cref="SigningKey"/>) — read as
/// a ring of one key with id <see cref="LegacyKeyId"/>, the id every token minted before rings carries —
/// or a ring in JSON (<c>{"version":1,"keys":[…],"revoked":[…]}</c>). The first change (a key added, a
/// unit revoked) rewrites the file as JSON with <see cref="SecretFile.Replace"/> (0600, atomic rename).
/// </remarks>
public sealed class KeyRing
{
    /// <summary>The key id of a legacy single-key file, and of every token minted from one.</summary>
    public const string LegacyKeyId = "aggregator";

    /// <summary>The JSON format's version.</summary>
    public const int FormatVersion = 1;

    private const int MaxKidLength = 64;

    private readonly Dictionary<string, RingKey> _byKid;
    private readonly Dictionary<string, UnitRevocation> _revoked;
    private readonly IReadOnlyList<SecurityKey> _validating;

    public KeyRing(IReadOnlyList<RingKey> keys, IReadOnlyList<UnitRevocation> revocations, bool isLegacy = false)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(revocations);
        _byKid = new Dictionary<string, RingKey>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!IsValidKid(key.Kid))
            {
                throw new KeyRingException($"Key id '{key.Kid}' is not valid (letters, digits, '.', '_', '-'; at most {MaxKidLength} characters).");
            }

            if (key.Secret.Length < SigningKey.Length)
            {
                throw new KeyRingException($"Key '{key.Kid}' is shorter than {SigningKey.Length * 8} bits.");
            }

            if (!_byKid.TryAdd(key.Kid, key))
            {
                throw new KeyRingException($"Key id '{key.Kid}' appears twice.");
            }
        }

        if (!keys.Any(k => !k.IsRetired))
        {
            throw new KeyRingException("The ring has no key that is not retired: nothing could sign or validate a token.");
        }

        _revoked = new Dictionary<string, UnitRevocation>(StringComparer.Ordinal);
        foreach (var revocation in revocations)
        {
            _revoked[revocation.UnitId] = revocation;
        }

        Keys = keys;
        Revocations = [.. _revoked.Values.OrderBy(r => r.UnitId, StringComparer.Ordinal)];
        IsLegacy = isLegacy;
        _validating = [.. keys.Where(k => !k.IsRetired).Select(k => k.SecurityKey())];
        Signing = keys.Where(k => !k.IsRetired).OrderBy(k => k.Created).Last();
    }

    /// <summary>Every key, in the file's order (retired ones included).</summary>
    public IReadOnlyList<RingKey> Keys { get; }

    /// <summary>The deny list, by unit id.</summary>
    public IReadOnlyList<UnitRevocation> Revocations { get; }

    /// <summary>True when read from a legacy single-key file.</summary>
    public bool IsLegacy { get; }

    /// <summary>The key that signs new tokens: the newest one not retired (the last of equals in file order).</summary>
    public RingKey Signing { get; }

    /// <summary>The security keys that validate tokens (every key not retired).</summary>
    public IReadOnlyList<SecurityKey> ValidatingKeys => _validating;

    /// <summary>The key named <paramref name="kid"/>, retired or not; null when the ring has none.</summary>
    public RingKey? Find(string? kid) => kid is not null && _byKid.TryGetValue(kid, out var key) ? key : null;

    /// <summary>The keys a token with <paramref name="kid"/> is checked against: that key when it validates, none when it is retired, every validating key when the ring does not know it.</summary>
    public IEnumerable<SecurityKey> KeysFor(string? kid) => Find(kid) switch
    {
        null => _validating,
        { IsRetired: true } => [],
        var key => _validating.Where(k => k.KeyId == key.Kid),
    };

    /// <summary>When <paramref name="unitId"/>'s tokens stop being refused: tokens issued before it are; null when not revoked.</summary>
    public DateTimeOffset? RevokedBefore(string unitId) => _revoked.TryGetValue(unitId, out var r) ? r.IssuedBefore : null;

    /// <summary>
    /// Reads the ring at <paramref name="path"/>; when there is no file, creates a legacy single key there
    /// (<see cref="SigningKey.LoadOrCreate"/>: 0600, directory 0700).
    /// </summary>
    /// <returns>The ring and whether its key was created now.</returns>
    /// <exception cref="KeyRingException">The file is neither a base64 key nor a valid ring.</exception>
    public static (KeyRing Ring, bool Created) LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            var (_, created) = SigningKey.LoadOrCreate(path);
            return (Load(path), created);
        }

        return (Load(path), false);
    }

    /// <summary>Reads an existing ring file (legacy base64 key or JSON ring).</summary>
    /// <exception cref="KeyRingException">The file is neither a base64 key nor a valid ring.</exception>
    public static KeyRing Load(string path) => Parse(File.ReadAllBytes(path), path, File.GetLastWriteTimeUtc(path));

    /// <summary>Parses a ring file's <paramref name="content"/> (<paramref name="path"/> names it in errors; <paramref name="written"/> dates a legacy key).</summary>
    public static KeyRing Parse(ReadOnlySpan<byte> content, string path, DateTime written)
    {
        var text = Encoding.UTF8.GetString(content).Trim();
        if (!text.StartsWith('{'))
        {
            byte[] secret;
            try
            {
                secret = Convert.FromBase64String(text);
            }
            catch (FormatException e)
            {
                throw new KeyRingException($"The signing key file '{path}' holds neither base64 text (a single key) nor a JSON key ring.", e);
            }

            if (secret.Length < SigningKey.Length)
            {
                throw new KeyRingException($"The signing key in '{path}' is shorter than {SigningKey.Length * 8} bits.");
            }

            return new KeyRing([new RingKey(LegacyKeyId, secret, new DateTimeOffset(DateTime.SpecifyKind(written, DateTimeKind.Utc)))], [], isLegacy: true);
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.TryGetProperty("version", out var version) && version.GetInt32() != FormatVersion)
            {
                throw new KeyRingException($"The key ring '{path}' has format version {version.GetInt32()}; this version reads {FormatVersion}.");
            }

            var keys = new List<RingKey>();
            foreach (var k in Required(root, "keys", path).EnumerateArray())
            {
                var kid = Required(k, "kid", path).GetString() ?? "";
                keys.Add(new RingKey(
                    kid,
                    Convert.FromBase64String(Required(k, "key", path, kid).GetString() ?? ""),
                    Required(k, "created", path, kid).GetDateTimeOffset(),
                    k.TryGetProperty("retired", out var retired) && retired.ValueKind != JsonValueKind.Null ? retired.GetDateTimeOffset() : null));
            }

            var revoked = new List<UnitRevocation>();
            if (root.TryGetProperty("revoked", out var list))
            {
                foreach (var r in list.EnumerateArray())
                {
                    revoked.Add(new UnitRevocation(Required(r, "unit", path).GetString() ?? "", Required(r, "issuedBefore", path).GetDateTimeOffset()));
                }
            }

            return new KeyRing(keys, revoked);
        }
        catch (KeyRingException e) when (!e.Message.Contains(path, StringComparison.Ordinal))
        {
            throw new KeyRingException($"The key ring '{path}': {e.Message}", e);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException and not KeyRingException)
        {
            throw new KeyRingException($"The key ring '{path}' is not valid: {e.Message}", e);
        }
    }

    /// <summary>The ring as JSON (UTF-8, indented).</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("version", FormatVersion);
            w.WriteStartArray("keys");
            foreach (var key in Keys)
            {
                w.WriteStartObject();
                w.WriteString("kid", key.Kid);
                w.WriteString("key", Convert.ToBase64String(key.Secret));
                w.WriteString("created", key.Created.ToUniversalTime());
                if (key.Retired is { } retired)
                {
                    w.WriteString("retired", retired.ToUniversalTime());
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("revoked");
            foreach (var r in Revocations)
            {
                w.WriteStartObject();
                w.WriteString("unit", r.UnitId);
                w.WriteString("issuedBefore", r.IssuedBefore.ToUniversalTime());
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Writes the ring to <paramref name="path"/> as JSON, replacing the file atomically (0600).</summary>
    public void Save(string path) => SecretFile.Replace(path, ToJson());

    /// <summary>The ring with a new random key, which signs from now on.</summary>
    /// <param name="kid">The new key's id; null: <c>k</c> + the UTC date and time + 4 random hex digits.</param>
    /// <param name="now">The key's creation time.</param>
    public KeyRing WithNewKey(string? kid, DateTimeOffset now)
    {
        kid ??= NewKid(now);
        if (Find(kid) is not null)
        {
            throw new KeyRingException($"The ring already has a key '{kid}'.");
        }

        // Newest signs: a created time not before any other key's keeps "newest" true even under a clock step back.
        var created = Keys.Max(k => k.Created) is var newest && newest > now ? newest : now;
        return new KeyRing([.. Keys, new RingKey(kid, RandomNumberGenerator.GetBytes(SigningKey.Length), created)], Revocations);
    }

    /// <summary>A ring of one new random key (<paramref name="kid"/> as in <see cref="WithNewKey"/>).</summary>
    public static KeyRing New(string? kid, DateTimeOffset now) =>
        new([new RingKey(kid ?? NewKid(now), RandomNumberGenerator.GetBytes(SigningKey.Length), now)], []);

    /// <summary>The ring with <paramref name="kid"/> retired: tokens signed with it are refused from now on.</summary>
    /// <exception cref="KeyRingException">No such key, already retired, or it is the last key not retired.</exception>
    public KeyRing Retire(string kid, DateTimeOffset now)
    {
        var key = Find(kid) ?? throw new KeyRingException($"The ring has no key '{kid}' (keys: {string.Join(", ", Keys.Select(k => k.Kid))}).");
        if (key.IsRetired)
        {
            throw new KeyRingException($"Key '{kid}' is already retired.");
        }

        if (Keys.Count(k => !k.IsRetired) == 1)
        {
            throw new KeyRingException($"Key '{kid}' is the last signing key: add a key first (aggregator keys add), then retire this one.");
        }

        return new KeyRing([.. Keys.Select(k => k == key ? k with { Retired = now } : k)], Revocations);
    }

    /// <summary>The ring with every token of <paramref name="unitId"/> issued before <paramref name="now"/> refused.</summary>
    public KeyRing Revoke(string unitId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(unitId);
        return new KeyRing(Keys, [.. Revocations.Where(r => r.UnitId != unitId), new UnitRevocation(unitId, now)]);
    }

    /// <summary>The ring without <paramref name="unitId"/>'s revocation.</summary>
    /// <exception cref="KeyRingException">The unit is not revoked.</exception>
    public KeyRing Unrevoke(string unitId)
    {
        if (RevokedBefore(unitId) is null)
        {
            throw new KeyRingException($"Unit '{unitId}' is not revoked.");
        }

        return new KeyRing(Keys, [.. Revocations.Where(r => r.UnitId != unitId)]);
    }

    private static string NewKid(DateTimeOffset now) =>
        "k" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(2)).ToLowerInvariant();

    private static bool IsValidKid(string kid) =>
        kid.Length is > 0 and <= MaxKidLength && kid.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static JsonElement Required(JsonElement element, string name, string path, string? kid = null) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw new KeyRingException($"The key ring '{path}' lacks '{name}'{(kid is null ? "" : $" in key '{kid}'")}.");
}
