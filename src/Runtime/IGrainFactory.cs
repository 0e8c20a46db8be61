namespace Leasehold.Runtime;

/// <summary>Hands out references to grains. A reference is location transparent: calls reach the grain wherever it is activated.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with the given key. Cheap; nothing is activated until a call arrives.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
