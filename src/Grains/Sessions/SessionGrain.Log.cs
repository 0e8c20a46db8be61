using Microsoft.Extensions.Logging;

namespace Leasehold.Grains.Sessions;

internal sealed partial class SessionGrain
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Session {SessionId} opened for {Holder} (TTL {Ttl})")]
    private static partial void LogOpened(ILogger logger, string sessionId, string holder, TimeSpan ttl);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Session {SessionId} of {Holder} ended ({Reason}); {Released} leases released")]
    private static partial void LogEnded(ILogger logger, string sessionId, string holder, string reason, int released);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Session {SessionId} could not renew its lease on {Resource} now: {Reason}")]
    private static partial void LogRenewFailed(ILogger logger, string sessionId, string resource, string reason);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Warning, Message = "Session {SessionId} could not release its lease on {Resource} now (it runs out by its TTL): {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, string sessionId, string resource, string reason);
}
