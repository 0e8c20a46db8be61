using Leasehold.Api.Apis;
using Leasehold.Grains;
using Orleans;

namespace Leasehold.Api.Watches;

/// <summary>This process's object watchers: one Orleans observer for all of them, subscribed once per followed key on its shard.</summary>
internal sealed class ObjectWatchHub(IGrainFactory grains, ObjectShardGrains shards, WatchLimit limit, ILogger<ObjectWatchHub> logger)
    : WatchHub(limit, logger), IObjectWatcher
{
    private IObjectWatcher? _reference;

    private IObjectWatcher Reference => _reference ??= grains.CreateObjectReference<IObjectWatcher>(this);

    public void ObjectChanged(string key, long version) => Ring(key);

    /// <summary>The watch side of <paramref name="key"/>'s shard grain.</summary>
    public IObjectWatchGrain ShardOf(string key) => shards.Of(key).AsReference<IObjectWatchGrain>();

    protected override Task SubscribeAsync(string name, TimeSpan lifetime) => ShardOf(name).WatchAsync(name, Reference, lifetime);

    protected override Task UnsubscribeAsync(string name) => ShardOf(name).UnwatchAsync(name, Reference);
}
