using Orleans;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Leasehold.Grains.Cluster;

/// <summary>Chooses the silo a <see cref="SiloPlacement"/> grain's key names, if that silo can host it now.</summary>
internal sealed class SiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString();
        SiloAddress named;
        try
        {
            named = SiloAddress.FromParsableString(key);
        }
        catch (FormatException ex)
        {
            throw new OrleansException($"A {nameof(SiloPlacement)} grain's key must name a silo (host:port@generation); '{key}' does not.", ex);
        }

        // Never elsewhere: an answer from another silo would be reported as the named one's.
        return context.GetCompatibleSilos(target).Contains(named)
            ? Task.FromResult(named)
            : throw new SiloUnavailableException($"Silo {named} is not an Active silo of this cluster (or cannot host {target.GrainIdentity.Type}).");
    }
}
