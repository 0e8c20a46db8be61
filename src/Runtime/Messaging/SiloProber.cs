using Leasehold.Runtime.Membership;

namespace Leasehold.Runtime.Messaging;

/// <summary>Probes a silo with a ping over its connection; anything but a timely answer is a missed probe.</summary>
internal sealed class SiloProber(SiloConnections connections, TimeProvider time) : ISiloProber
{
    public async Task<bool> ProbeAsync(SiloAddress silo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            var connection = await connections.GetAsync(silo).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            await connection.RequestAsync(id => new WireFrame.Ping(id), timeout, time).WaitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or SiloUnavailableException or SiloConnectionLostException or OperationCanceledException)
        {
            return false;
        }
    }
}
