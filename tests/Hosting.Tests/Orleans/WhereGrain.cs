using Orleans.Placement;

namespace Leasehold.Hosting.Tests.Orleans;

/// <summary>Placed on the silo that first calls it, so a test chooses where it lives.</summary>
[PreferLocalPlacement]
internal sealed class WhereGrain(ILocalSiloDetails silo) : Grain, IWhereGrain
{
    public Task<SiloAddress> Where() => Task.FromResult(silo.SiloAddress);
}
