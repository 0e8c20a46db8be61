using System.Collections.Concurrent;
using System.Reflection;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime.Invocation;

/// <summary>Creates grain proxies over the silo's call router.</summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, IGrainCallRouter router) : IGrainFactory
{
    // DispatchProxy.Create reaches the generated type's constructor through reflection on every call, and the runtime
    // emits a fresh invoker (a DynamicMethod) for it often enough that finalizing them cost a seventh of the API's CPU
    // under load (docs/performance.md). One proxy per interface is made that way; every other one is a copy of it.
    private readonly ConcurrentDictionary<Type, GrainProxy> _templates = new();

    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var template = _templates.GetOrAdd(typeof(TGrain), static _ => (GrainProxy)(object)DispatchProxy.Create<TGrain, GrainProxy>()!);
        var grainInterface = registry.GetInterface(typeof(TGrain));
        return (TGrain)(object)template.CopyFor(new GrainId(grainInterface.Name, key), grainInterface, router);
    }
}
