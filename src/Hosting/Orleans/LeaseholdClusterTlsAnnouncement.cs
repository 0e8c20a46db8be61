using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leasehold.Hosting;

/// <summary>Says once at start how the cluster's ports are protected, so an operator can check every member pins the same certificate.</summary>
internal sealed partial class LeaseholdClusterTlsAnnouncement(LeaseholdClusterCertificate? certificate, ILogger<LeaseholdClusterTlsAnnouncement> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (certificate is null)
        {
            LogTlsOff(logger);
        }
        else
        {
            LogTlsOn(logger, certificate.Hash, certificate.Source, certificate.PinCount);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
