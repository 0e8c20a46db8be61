using Leasehold.Storage;
using Orleans;

namespace Leasehold.Grains;

/// <summary>
/// Lists the fenced object store by key prefix. All shards' objects live in one table, so a listing reads it directly
/// instead of asking every <see cref="IObjectShardGrain"/>: a stateless worker, answered by whichever silo takes the call.
/// </summary>
[Alias("leasehold.IObjectCatalogGrain")]
public interface IObjectCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>Up to <paramref name="limit"/> live objects under <paramref name="prefix"/> after key <paramref name="after"/>, in ordinal key order.</summary>
    [Alias("list")]
    Task<ObjectPage> ListAsync(string prefix, string? after, int limit);
}
