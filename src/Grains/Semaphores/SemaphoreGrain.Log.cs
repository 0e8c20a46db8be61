using Microsoft.Extensions.Logging;

namespace Leasehold.Grains.Semaphores;

internal sealed partial class SemaphoreGrain
{
    [LoggerMessage(EventId = 2400, Level = LogLevel.Information, Message = "Semaphore {Semaphore}: created with {Permits} permits")]
    private static partial void LogCreated(ILogger logger, string semaphore, int permits);

    [LoggerMessage(EventId = 2401, Level = LogLevel.Information, Message = "Semaphore {Semaphore}: slot {Slot} granted to {Holder} with fence {Fence}")]
    private static partial void LogGranted(ILogger logger, string semaphore, int slot, string holder, long fence);

    [LoggerMessage(EventId = 2402, Level = LogLevel.Information, Message = "Semaphore {Semaphore}: slot {Slot} of fence {Fence} released")]
    private static partial void LogReleased(ILogger logger, string semaphore, int slot, long fence);
}
