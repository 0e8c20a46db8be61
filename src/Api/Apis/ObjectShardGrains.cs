using Leasehold.Grains;
using Leasehold.Grains.Objects;
using Microsoft.Extensions.Options;
using Orleans;

namespace Leasehold.Api.Apis;

/// <summary>
/// The <see cref="IObjectShardGrain"/> that owns each object key, one reference per shard made once: Orleans' grain
/// factory resolves the interface's grain type anew on every <c>GetGrain</c>, a cost every write and read would pay.
/// </summary>
internal sealed class ObjectShardGrains(IGrainFactory grains, IOptions<ObjectStoreOptions> options)
{
    private readonly IObjectShardGrain?[] _shards = new IObjectShardGrain?[options.Value.ShardCount];

    /// <summary>The shard grain of <paramref name="key"/> (<see cref="ObjectShards.ShardOf"/>).</summary>
    public IObjectShardGrain Of(string key)
    {
        var index = ObjectShards.IndexOf(key, _shards.Length);
        // A race makes two equal references, either of which is right to keep.
        return _shards[index] ??= grains.GetGrain<IObjectShardGrain>(ObjectShards.ShardOf(key, _shards.Length));
    }
}
