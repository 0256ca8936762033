using Microsoft.Extensions.Logging;

namespace Aggregator.Storage.Redis;

/// <summary>Log messages of the store.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, EventName = "EmbeddedGarnetStarted", Level = LogLevel.Information,
        Message = "Embedded Garnet started on {Endpoint} with AOF in {Directory}")]
    public static partial void EmbeddedGarnetStarted(ILogger logger, string endpoint, string directory);

    [LoggerMessage(EventId = 1002, EventName = "RedisConnecting", Level = LogLevel.Information,
        Message = "Connecting to Redis at {Endpoints}")]
    public static partial void RedisConnecting(ILogger logger, string endpoints);


    [LoggerMessage(EventId = 1004, EventName = "WriterFailed", Level = LogLevel.Error,
        Message = "The submission writer failed unexpectedly")]
    public static partial void WriterFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1005, EventName = "ConnectionFailed", Level = LogLevel.Warning,
        Message = "Redis connection {Endpoint} failed: {FailureType}")]
    public static partial void ConnectionFailed(ILogger logger, System.Net.EndPoint? endpoint, StackExchange.Redis.ConnectionFailureType failureType);

    [LoggerMessage(EventId = 1006, EventName = "ConnectionRestored", Level = LogLevel.Information,
        Message = "Redis connection {Endpoint} restored")]
    public static partial void ConnectionRestored(ILogger logger, System.Net.EndPoint? endpoint);

    [LoggerMessage(EventId = 1007, EventName = "EventHandlerFailed", Level = LogLevel.Warning,
        Message = "A partition event handler failed")]
    public static partial void EventHandlerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1008, EventName = "StoreOutageStarted", Level = LogLevel.Warning,
        Message = "The store is unavailable ({Operation} failed); calls fail UNAVAILABLE and are counted until none has failed for 10 s")]
    public static partial void StoreOutageStarted(ILogger logger, string operation, Exception exception);

    [LoggerMessage(EventId = 1009, EventName = "StoreOutageContinues", Level = LogLevel.Warning,
        Message = "The store is still unavailable: {Count} calls failed in the last minute, {Total} since the outage began {Seconds:F0} s ago")]
    public static partial void StoreOutageContinues(ILogger logger, long count, long total, double seconds);

    [LoggerMessage(EventId = 1010, EventName = "StoreOutageEnded", Level = LogLevel.Information,
        Message = "The store outage is over: {Count} calls failed during the outage ({Seconds:F1} s from the first failure to the last)")]
    public static partial void StoreOutageEnded(ILogger logger, long count, double seconds);

    [LoggerMessage(EventId = 1011, EventName = "StoreNotDurable", Level = LogLevel.Error,
        Message = "The store is not ready: {Reason}")]
    public static partial void StoreNotDurable(ILogger logger, string reason);

    [LoggerMessage(EventId = 1012, EventName = "StoreDurabilityAccepted", Level = LogLevel.Warning,
        Message = "The store's durability is accepted by configuration although: {Reason}")]
    public static partial void StoreDurabilityAccepted(ILogger logger, string reason);

    [LoggerMessage(EventId = 1013, EventName = "StoreDurable", Level = LogLevel.Information,
        Message = "The store is durable: {Summary}")]
    public static partial void StoreDurable(ILogger logger, string summary);
}
