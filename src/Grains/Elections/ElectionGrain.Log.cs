using Microsoft.Extensions.Logging;

namespace Leasehold.Grains.Elections;

internal sealed partial class ElectionGrain
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Election {Election}: {Leader} leads with fence {Fence}")]
    private static partial void LogElected(ILogger logger, string election, string leader, long fence);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Election {Election}: the leader of fence {Fence} resigned")]
    private static partial void LogResigned(ILogger logger, string election, long fence);
}
