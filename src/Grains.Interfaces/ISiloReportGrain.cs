using Orleans;

namespace Leasehold.Grains;

/// <summary>
/// What one silo says about itself for people (<c>GET /v1/leases</c>, the dashboard): the leases its lease grains hold and
/// the faults injected into it. Keyed by the silo's address (<c>SiloAddress.ToParsableString()</c>); its placement puts the
/// activation on exactly that silo and refuses a silo that is not Active, so an answer always comes from the silo named.
/// </summary>
[Alias("leasehold.ISiloReportGrain")]
public interface ISiloReportGrain : IGrainWithStringKey
{
    /// <summary>The <paramref name="leaseLimit"/> leases that expire soonest on this silo, how many it holds in all, and its faults in force.</summary>
    /// <remarks>Interleaves: it only reads this silo's registries, and a slow caller must never queue another behind it.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("report")]
    Task<SiloReport> GetAsync(int leaseLimit);
}
