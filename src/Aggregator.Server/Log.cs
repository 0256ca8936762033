using Microsoft.Extensions.Logging;

namespace Aggregator.Server;

/// <summary>Log messages of the server.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, EventName = "ServerStarted", Level = LogLevel.Information,
        Message = "Aggregator listening on {Address} (gRPC, {Transport}); data directory {DataDirectory}; store {StoreKind} at {StoreEndpoint}; registry {RegistryPath} with {UnitCount} units")]
    public static partial void ServerStarted(ILogger logger, string address, string transport, string dataDirectory, string storeKind, string storeEndpoint, string registryPath, int unitCount);

    [LoggerMessage(EventId = 2002, EventName = "TokenHint", Level = LogLevel.Information,
        Message = "Get a token: {Command}")]
    public static partial void TokenHint(ILogger logger, string command);

    [LoggerMessage(EventId = 2003, EventName = "SigningKeyCreated", Level = LogLevel.Warning,
        Message = "Generated a new token signing key at {Path}; keep it secret, tokens signed with it are valid for this server")]
    public static partial void SigningKeyCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 2004, EventName = "AccessDenied", Level = LogLevel.Warning,
        Message = "Access denied ({Reason}): {Subject} (unit {CallerUnit}, role {Role}) on unit {TargetUnit} for {Operation}")]
    public static partial void AccessDenied(ILogger logger, string reason, string subject, string callerUnit, string role, string targetUnit, string operation);

    [LoggerMessage(EventId = 2005, EventName = "AuthenticationFailed", Level = LogLevel.Information,
        Message = "Authentication failed ({Reason})")]
    public static partial void AuthenticationFailed(ILogger logger, string reason);


    [LoggerMessage(EventId = 2007, EventName = "UnhandledError", Level = LogLevel.Error,
        Message = "{Method} failed unexpectedly")]
    public static partial void UnhandledError(ILogger logger, string method, Exception exception);

    [LoggerMessage(EventId = 2008, EventName = "StreamDraining", Level = LogLevel.Information,
        Message = "Server stopping: the stream stops reading, finishes {Count} in-flight acknowledgements and ends UNAVAILABLE (the client resends the rest)")]
    public static partial void StreamDraining(ILogger logger, int count);

    [LoggerMessage(EventId = 2009, EventName = "LooseSecretMode", Level = LogLevel.Warning,
        Message = "{Path} is open to other users (mode {Mode}); it holds or contains the token signing key: chmod 600 the file, 700 its directory")]
    public static partial void LooseSecretMode(ILogger logger, string path, string mode);

    [LoggerMessage(EventId = 2010, EventName = "ConsoleAddress", Level = LogLevel.Information,
        Message = "Console (browser) at {ConsoleAddress}; HTTP/JSON API under /v1, OpenAPI at {OpenApiAddress}")]
    public static partial void ConsoleAddress(ILogger logger, string consoleAddress, string openApiAddress);

    [LoggerMessage(EventId = 2011, EventName = "KeyRingLoaded", Level = LogLevel.Information,
        Message = "Key ring {Path} read again: key {SigningKid} signs, {Validating} keys validate, {Retired} retired, {Revoked} units revoked")]
    public static partial void KeyRingLoaded(ILogger logger, string path, string signingKid, int validating, int retired, int revoked);

    [LoggerMessage(EventId = 2012, EventName = "KeyRingUnreadable", Level = LogLevel.Warning,
        Message = "Key ring {Path} changed but cannot be read ({Error}); the ring read before stays in force")]
    public static partial void KeyRingUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 2013, EventName = "OidcKeysFetched", Level = LogLevel.Information,
        Message = "Identity provider keys fetched from {Address}: {Count} keys ({KeyIds})")]
    public static partial void OidcKeysFetched(ILogger logger, string address, int count, string keyIds);

    [LoggerMessage(EventId = 2014, EventName = "OidcUnknownKey", Level = LogLevel.Information,
        Message = "A token names key {KeyId}, which the identity provider's keys do not hold: fetching them again")]
    public static partial void OidcUnknownKey(ILogger logger, string keyId);

    [LoggerMessage(EventId = 2015, EventName = "OidcFetchFailed", Level = LogLevel.Warning,
        Message = "Identity provider keys cannot be fetched from {Address} ({Error}); the keys fetched before stay in use")]
    public static partial void OidcFetchFailed(ILogger logger, string address, string error);

    [LoggerMessage(EventId = 2016, EventName = "AuditDropped", Level = LogLevel.Warning,
        Message = "{Count} audit entries (exports, denials or refusals before the store) were not written: {Reason}")]
    public static partial void AuditDropped(ILogger logger, int count, string reason);
}
