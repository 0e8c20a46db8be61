using Leasehold.Storage;
using Orleans;
using Orleans.Concurrency;

namespace Leasehold.Grains.Objects;

/// <summary>
/// Lists objects by prefix straight from the one objects table, so a listing is whole across shards without asking
/// any of them. A stateless worker: it holds nothing, so each silo answers the calls it receives, in parallel.
/// </summary>
[StatelessWorker]
internal sealed class ObjectCatalogGrain(IFencedObjectStore store) : Grain, IObjectCatalogGrain
{
    public Task<ObjectPage> ListAsync(string prefix, string? after, int limit) => store.ListAsync(prefix, after, limit, CancellationToken.None);
}
