using Microsoft.Extensions.Logging;

namespace Leasehold.Grains.OnOrleans;

internal sealed partial class LeaseGrain
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Lease on {Resource} granted to {Holder} with fence {Fence}")]
    private static partial void LogGranted(ILogger logger, string resource, string holder, long fence);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Lease on {Resource} renewed by {Holder} (fence {Fence})")]
    private static partial void LogRenewed(ILogger logger, string resource, string holder, long fence);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Lease on {Resource} released by {Holder} (fence {Fence})")]
    private static partial void LogReleased(ILogger logger, string resource, string holder, long fence);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Lease on {Resource} held by {Holder} expired (fence {Fence})")]
    private static partial void LogExpired(ILogger logger, string resource, string holder, long fence);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Lease on {Resource}: another activation wrote first (wanted fence {Fence}); re-reading durable state")]
    private static partial void LogLostCompareAndSwap(ILogger logger, string resource, long fence);
}
