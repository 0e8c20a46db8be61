using Microsoft.Extensions.Logging;

namespace Leasehold.Runtime.Activation;

internal sealed partial class Activation
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Error, Message = "Activation of {GrainId} failed")]
    private static partial void LogActivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Deactivation of {GrainId} failed; the activation is gone anyway")]
    private static partial void LogDeactivationFailed(ILogger logger, GrainId grainId, Exception exception);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "A work item of {GrainId} failed outside the grain's code")]
    private static partial void LogWorkItemFailed(ILogger logger, GrainId grainId, Exception exception);
}
