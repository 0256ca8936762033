using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Aggregator.Domain.Audit;

/// <summary>
/// One audit-trail entry: who (<see cref="Actor"/>), what (<see cref="Action"/> on <see cref="Unit"/>'s
/// <see cref="Year"/>, <see cref="Version"/>, <see cref="IdempotencyKey"/>, <see cref="Outcome"/>),
/// when (<see cref="At"/>, UTC from the server's <see cref="TimeProvider"/>). Immutable; encoded as
/// compact JSON (<see cref="Encode"/>) that the store chains by hash (<see cref="AuditChain"/>).
/// </summary>
/// <remarks>Equality is by value.</remarks>
public sealed record AuditEntry
{
    /// <summary>Longest <see cref="Detail"/> kept (longer ones are cut, so one entry stays small).</summary>
    public const int MaxDetailLength = 500;

    public AuditEntry(DateTimeOffset at, AuditAction action, AuditOutcome outcome, AuditActor actor, string unit, int year,
        long version = 0, string idempotencyKey = "", int statusCode = 0, string detail = "")
    {
        if (!Enum.IsDefined(action))
        {
            throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown audit action.");
        }

        if (!Enum.IsDefined(outcome))
        {
            throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown audit outcome.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(version);
        At = at.ToUniversalTime();
        Action = action;
        Outcome = outcome;
        Actor = actor with
        {
            Subject = actor.Subject ?? "",
            Unit = actor.Unit ?? "",
            Role = actor.Role ?? "",
            Peer = actor.Peer ?? "",
        };
        Unit = unit ?? "";
        Year = year;
        Version = version;
        IdempotencyKey = idempotencyKey ?? "";
        StatusCode = statusCode;
        Detail = detail is null ? "" : detail.Length > MaxDetailLength ? detail[..MaxDetailLength] : detail;
    }

    /// <summary>When (UTC, millisecond precision once encoded).</summary>
    public DateTimeOffset At { get; }

    public AuditAction Action { get; }

    public AuditOutcome Outcome { get; }

    public AuditActor Actor { get; }

    /// <summary>The unit acted on ("" when the request named none).</summary>
    public string Unit { get; }

    /// <summary>The year acted on (0 when the request named none).</summary>
    public int Year { get; }

    /// <summary>The version written or reviewed (0 when none).</summary>
    public long Version { get; }

    /// <summary>The submission's idempotency key, or a backfill's content SHA-256 ("" when none).</summary>
    public string IdempotencyKey { get; }

    /// <summary>The gRPC status code of a refusal (0 on success).</summary>
    public int StatusCode { get; }

    /// <summary>Why it was refused (the status message), or what was exported; "" when nothing to add.</summary>
    public string Detail { get; }

    private static readonly string[] s_actions = ["", "submit", "backfill", "review_accept", "review_return", "export", "denied"];

    /// <summary>The stable lower-case name of an action (as encoded).</summary>
    public static string NameOf(AuditAction action) => s_actions[(int)action];

    /// <summary>Compact JSON, short property names in a fixed order, empty and zero values left out.</summary>
    public string Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("t", At.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            json.WriteString("a", NameOf(Action));
            json.WriteString("o", Outcome == AuditOutcome.Succeeded ? "ok" : "refused");
            WriteIfAny(json, "s", Actor.Subject);
            WriteIfAny(json, "au", Actor.Unit);
            WriteIfAny(json, "r", Actor.Role);
            WriteIfAny(json, "p", Actor.Peer);
            WriteIfAny(json, "u", Unit);
            if (Year != 0)
            {
                json.WriteNumber("y", Year);
            }

            if (Version != 0)
            {
                json.WriteNumber("v", Version);
            }

            WriteIfAny(json, "k", IdempotencyKey);
            if (StatusCode != 0)
            {
                json.WriteNumber("c", StatusCode);
            }

            WriteIfAny(json, "d", Detail);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses <see cref="Encode"/>'s output.</summary>
    /// <exception cref="FormatException">Not an encoded entry (names what is wrong).</exception>
    public static AuditEntry Decode(string encoded)
    {
        try
        {
            using var doc = JsonDocument.Parse(encoded);
            var root = doc.RootElement;
            var at = DateTimeOffset.Parse(Text(root, "t"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            var actionName = Text(root, "a");
            var action = Array.IndexOf(s_actions, actionName) is var i and > 0
                ? (AuditAction)i
                : throw new FormatException($"Unknown audit action '{actionName}'.");
            var outcome = Text(root, "o") switch
            {
                "ok" => AuditOutcome.Succeeded,
                "refused" => AuditOutcome.Refused,
                var o => throw new FormatException($"Unknown audit outcome '{o}'."),
            };
            return new AuditEntry(at, action, outcome,
                new AuditActor(Text(root, "s"), Text(root, "au"), Text(root, "r"), Text(root, "p")),
                Text(root, "u"), Number(root, "y") is var y ? checked((int)y) : 0, Number(root, "v"), Text(root, "k"),
                checked((int)Number(root, "c")), Text(root, "d"));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or OverflowException or ArgumentException)
        {
            throw new FormatException("The audit entry is not valid JSON of an entry: " + e.Message, e);
        }
    }

    private static void WriteIfAny(Utf8JsonWriter json, string name, string value)
    {
        if (value.Length > 0)
        {
            json.WriteString(name, value);
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var p) ? p.GetString() ?? "" : name is "t" or "a" or "o"
            ? throw new FormatException($"The audit entry has no '{name}'.")
            : "";

    private static long Number(JsonElement root, string name) => root.TryGetProperty(name, out var p) ? p.GetInt64() : 0;
}
