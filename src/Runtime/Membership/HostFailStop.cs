using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leasehold.Runtime.Membership;

/// <summary>
/// The default fail-stop of a process hosting one silo: ask the host to stop. The membership service has
/// already gone silent, so the graceful stop that follows writes nothing to the membership table; any
/// stale work the silo still does on its way out is refused by fencing, like that of a paused silo.
/// </summary>
internal sealed partial class HostFailStop(IHostApplicationLifetime lifetime, ILogger<HostFailStop> logger) : ISiloFailStop
{
    public void FailStop(string reason)
    {
        LogStoppingHost(logger, reason);
        lifetime.StopApplication();
    }

    [LoggerMessage(EventId = 1250, Level = LogLevel.Critical, Message = "Stopping the host: {Reason}")]
    private static partial void LogStoppingHost(ILogger logger, string reason);
}
