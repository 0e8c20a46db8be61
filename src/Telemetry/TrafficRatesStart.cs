using Microsoft.Extensions.Hosting;

namespace Leasehold.Telemetry;

/// <summary>
/// Makes the dashboard's <see cref="TrafficRates"/> with the other hosted services, before the web server starts, so the
/// rates count from the first request; being a hosted service, a bad setting it meets is reported as one (see
/// StartupErrors).
/// </summary>
internal sealed class TrafficRatesStart(TrafficRates rates) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(rates);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
