using System.Reflection;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime.Invocation;

/// <summary>Creates grain proxies over the silo's call router.</summary>
internal sealed class GrainFactory(GrainTypeRegistry registry, IGrainCallRouter router) : IGrainFactory
{
    public TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(key);
        var grainInterface = registry.GetInterface(typeof(TGrain));
        var proxy = DispatchProxy.Create<TGrain, GrainProxy>();
        ((GrainProxy)(object)proxy!).Initialize(new GrainId(grainInterface.Name, key), grainInterface, router);
        return proxy;
    }
}
