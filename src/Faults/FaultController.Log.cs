using System.Net;
using Microsoft.Extensions.Logging;

namespace Leasehold.Faults;

public sealed partial class FaultController
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Fault injected: silo paused (transport, grain turns, table and storage calls held)")]
    private static partial void LogPaused(ILogger logger);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Fault ended: silo resumed")]
    private static partial void LogResumed(ILogger logger);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Fault injected: every byte to {Destination} is held")]
    private static partial void LogDropping(ILogger logger, IPEndPoint destination);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Fault injected: every flush to {Destination} is delayed {DelayMs} ms")]
    private static partial void LogDelaying(ILogger logger, IPEndPoint destination, double delayMs);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Fault ended: network rules removed for {Destination}")]
    private static partial void LogHealed(ILogger logger, string destination);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Fault injected: wall clock offset {OffsetMs} ms, drift {DriftPpm} ppm")]
    private static partial void LogSkewed(ILogger logger, double offsetMs, double driftPpm);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "Fault injected: silo killed (frozen for good; its process ends next)")]
    private static partial void LogKilled(ILogger logger);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Warning, Message = "Fault injected: {Count} connections to {Destination} reset")]
    private static partial void LogAborted(ILogger logger, IPEndPoint destination, int count);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "Fault injected: every connection of this silo reset ({Count})")]
    private static partial void LogAbortedAll(ILogger logger, int count);
}
