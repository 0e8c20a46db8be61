using Microsoft.Extensions.Logging;

namespace Leasehold.Runtime.Membership;

public sealed partial class ClusterMembershipService
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Silo {SiloAddress} is joining cluster {ClusterId}")]
    private static partial void LogJoining(ILogger logger, SiloAddress siloAddress, string clusterId);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Silo {SiloAddress} is Active at membership version {Version}")]
    private static partial void LogActive(ILogger logger, SiloAddress siloAddress, long version);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning,
        Message = "Silo {SiloAddress} goes Active although {Silent} of {Total} Active silos did not answer its probes: {SilentSilos}")]
    private static partial void LogJoinedWithSilentSilos(ILogger logger, SiloAddress siloAddress, int silent, int total, string silentSilos);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Marked {PreviousSilo} Dead: {SiloAddress} is the newer generation of its endpoint")]
    private static partial void LogReplacedGeneration(ILogger logger, SiloAddress previousSilo, SiloAddress siloAddress);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Information, Message = "Silo {SiloAddress} wrote its status {Status}")]
    private static partial void LogStatusWritten(ILogger logger, SiloAddress siloAddress, SiloStatus status);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Debug, Message = "Membership view is now version {Version} with {ActiveCount} Active silos")]
    private static partial void LogViewChanged(ILogger logger, long version, int activeCount);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Debug, Message = "Probe of {Target} missed ({Missed} in a row)")]
    private static partial void LogProbeMissed(ILogger logger, SiloAddress target, int missed);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Warning, Message = "Probe of {Target} failed; counted as missed")]
    private static partial void LogProbeFailed(ILogger logger, SiloAddress target, Exception exception);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Warning, Message = "{Voter} suspects {Suspect}: {Votes} of {VotesNeeded} votes needed to declare it Dead")]
    private static partial void LogSuspected(ILogger logger, SiloAddress suspect, SiloAddress voter, int votes, int votesNeeded);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Warning,
        Message = "{Voter} declared {Suspect} Dead with {Votes} of {VotesNeeded} votes needed (its heartbeat silent for the whole window: {SilentInTable})")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress suspect, SiloAddress voter, int votes, int votesNeeded, bool silentInTable);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Debug, Message = "Vote against {Suspect} lost its compare-and-swap at version {Version}; re-reading")]
    private static partial void LogVoteLost(ILogger logger, SiloAddress suspect, long version);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Critical, Message = "Silo {SiloAddress} fail-stops: {Reason}")]
    private static partial void LogFailStop(ILogger logger, SiloAddress siloAddress, string reason);

    [LoggerMessage(EventId = 1212, Level = LogLevel.Error, Message = "The fail-stop handler of {SiloAddress} threw; its membership loops are stopped anyway")]
    private static partial void LogFailStopHandlerFailed(ILogger logger, SiloAddress siloAddress, Exception exception);

    [LoggerMessage(EventId = 1213, Level = LogLevel.Information, Message = "Silo {SiloAddress} is leaving the cluster")]
    private static partial void LogLeaving(ILogger logger, SiloAddress siloAddress);

    [LoggerMessage(EventId = 1214, Level = LogLevel.Information, Message = "Silo {SiloAddress} left the cluster")]
    private static partial void LogLeft(ILogger logger, SiloAddress siloAddress);

    [LoggerMessage(EventId = 1215, Level = LogLevel.Warning, Message = "Silo {SiloAddress} was killed: membership loops stopped without a goodbye")]
    private static partial void LogKilled(ILogger logger, SiloAddress siloAddress);

    [LoggerMessage(EventId = 1216, Level = LogLevel.Warning, Message = "The {Loop} loop of {SiloAddress} failed; it tries again at its next tick")]
    private static partial void LogLoopFailed(ILogger logger, string loop, SiloAddress siloAddress, Exception exception);

    [LoggerMessage(EventId = 1217, Level = LogLevel.Warning, Message = "Re-reading the membership table failed; the periodic refresh tries again")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1218, Level = LogLevel.Error, Message = "A handler of the membership change to version {Version} threw")]
    private static partial void LogChangedHandlerFailed(ILogger logger, long version, Exception exception);
}
