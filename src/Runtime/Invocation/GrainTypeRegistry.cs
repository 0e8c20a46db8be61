using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Leasehold.Runtime.Invocation;

/// <summary>
/// Which grain interfaces this silo knows and which classes implement them. Interfaces are described
/// once, on first use, then shared by proxies and invokers.
/// </summary>
internal sealed class GrainTypeRegistry
{
    private readonly FrozenDictionary<string, GrainRegistration> _byName;
    private readonly ConcurrentDictionary<Type, GrainInterface> _interfaces = new();

    public GrainTypeRegistry(IEnumerable<GrainRegistration> registrations)
    {
        _byName = registrations.ToFrozenDictionary(r => r.Interface.FullName!, StringComparer.Ordinal);
    }

    public GrainInterface GetInterface(Type interfaceType) => _interfaces.GetOrAdd(interfaceType, GrainInterface.Describe);

    /// <summary>The interface and implementation registered for a grain type name.</summary>
    public (GrainInterface Interface, Type Implementation) Resolve(string grainType)
    {
        if (!_byName.TryGetValue(grainType, out var registration))
        {
            throw new InvalidOperationException($"No grain class is registered for {grainType}; call AddGrain<TInterface, TGrain>() on the silo's services.");
        }

        return (GetInterface(registration.Interface), registration.Implementation);
    }
}
