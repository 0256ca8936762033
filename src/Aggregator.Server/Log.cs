using Microsoft.Extensions.Logging;

namespace Aggregator.Server;

/// <summary>Log messages of the server.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, EventName = "ServerStarted", Level = LogLevel.Information,
        Message = "Aggregator listening on {Address} (gRPC, HTTP/2 without TLS); data directory {DataDirectory}; store {StoreKind} at {StoreEndpoint}; registry {RegistryPath} with {UnitCount} units")]
    public static partial void ServerStarted(ILogger logger, string address, string dataDirectory, string storeKind, string storeEndpoint, string registryPath, int unitCount);

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

    [LoggerMessage(EventId = 2011, EventName = "AuditDropped", Level = LogLevel.Warning,
        Message = "{Count} audit entries (exports, denials or refusals before the store) were not written: {Reason}")]
    public static partial void AuditDropped(ILogger logger, int count, string reason);
}
