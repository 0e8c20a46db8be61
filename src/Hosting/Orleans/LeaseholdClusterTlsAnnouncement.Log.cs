using Microsoft.Extensions.Logging;

namespace Leasehold.Hosting;

internal sealed partial class LeaseholdClusterTlsAnnouncement
{
    [LoggerMessage(EventId = 1350, Level = LogLevel.Information,
        Message = "Cluster TLS on: mutual TLS on the silo and gateway ports with certificate {CertificateHash} ({CertificateSource}); {PinCount} certificate(s) admitted")]
    private static partial void LogTlsOn(ILogger logger, string certificateHash, string certificateSource, int pinCount);

    [LoggerMessage(EventId = 1351, Level = LogLevel.Warning,
        Message = "Cluster TLS is off (Cluster:Tls:Mode=Off): any process that reaches the silo or gateway port can join the cluster and call its grains")]
    private static partial void LogTlsOff(ILogger logger);
}
