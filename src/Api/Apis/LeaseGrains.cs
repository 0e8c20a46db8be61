using Leasehold.Grains;
using Orleans;
using Orleans.Runtime;

namespace Leasehold.Api.Apis;

/// <summary>
/// The <see cref="ILeaseGrain"/> of each resource, made without Orleans' per-call type resolution. Orleans'
/// <c>GetGrain&lt;ILeaseGrain&gt;(resource)</c> resolves the interface's grain interface type on every call (reading
/// its attributes and formatting its name) and then the grain type that implements it: about 6 % of a lease read's CPU
/// on the 2-core machine (docs/performance.md). Both are resolved here once, from the first reference Orleans makes
/// itself; every later reference is made from the same grain type, the resource as key and the same interface type,
/// so it is the reference <c>GetGrain</c> would have made (same <see cref="GrainId"/>, same interface).
/// Nothing is kept per resource: a reference costs one small allocation, and the set of resources is unbounded.
/// </summary>
internal sealed class LeaseGrains(IGrainFactory grains)
{
    // Published once; a race resolves the same pair twice, either of which is right to keep.
    private ReferenceTypes? _types;

    /// <summary>The lease grain of <paramref name="resource"/>, equal to <c>GetGrain&lt;ILeaseGrain&gt;(resource)</c>.</summary>
    public ILeaseGrain Of(string resource)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resource);
        if (_types is not { } types)
        {
            var first = grains.GetGrain<ILeaseGrain>(resource);
            var reference = (GrainReference)(object)first;
            _types = new ReferenceTypes(reference.GrainId.Type, reference.InterfaceType);
            return first;
        }

        return (ILeaseGrain)grains.GetGrain(GrainId.Create(types.GrainType, resource), types.InterfaceType);
    }

    private sealed record ReferenceTypes(GrainType GrainType, GrainInterfaceType InterfaceType);
}
