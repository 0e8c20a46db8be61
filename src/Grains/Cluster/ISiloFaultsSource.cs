namespace Leasehold.Grains.Cluster;

/// <summary>
/// Tells <see cref="ISiloReportGrain"/> the faults injected into this silo. The host that adds fault injection registers
/// one (Leasehold.Hosting, over its <c>FaultController</c>); a silo without one reports no faults.
/// </summary>
public interface ISiloFaultsSource
{
    /// <summary>The faults in force now.</summary>
    SiloFaults Current { get; }
}
