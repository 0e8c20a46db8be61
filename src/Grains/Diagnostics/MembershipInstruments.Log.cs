using Microsoft.Extensions.Logging;

namespace Leasehold.Diagnostics;

public sealed partial class MembershipInstruments
{
    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Membership changes are no longer counted: reading the membership view failed")]
    private static partial void LogWatchFailed(ILogger logger, Exception exception);
}
