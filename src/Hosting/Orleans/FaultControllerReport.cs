using Leasehold.Faults;
using Leasehold.Grains;
using Leasehold.Grains.Cluster;

namespace Leasehold.Hosting;

/// <summary>The faults this silo's <see cref="FaultController"/> has in force, as the silo report grain tells them.</summary>
internal sealed class FaultControllerReport(FaultController faults) : ISiloFaultsSource
{
    public SiloFaults Current => new(
        faults.IsPaused,
        faults.IsKilled,
        faults.ClockOffset,
        faults.Clock.DriftPpm,
        [.. faults.Network.Rules.Select(r => new SiloNetworkFault(r.Key.ToString(), r.Value.Drop, r.Value.Delay))]);
}
