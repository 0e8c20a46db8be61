using Orleans;

namespace Leasehold.Grains;

/// <summary>Following objects (key: shard, the same grain as <see cref="IObjectShardGrain"/>).</summary>
[Alias("leasehold.IObjectWatchGrain")]
public interface IObjectWatchGrain : IGrainWithStringKey
{
    /// <summary>Subscribes <paramref name="watcher"/> to <paramref name="key"/> for <paramref name="lifetime"/>, or renews it; on this activation only.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("watch")]
    Task WatchAsync(string key, IObjectWatcher watcher, TimeSpan lifetime);

    /// <summary>Ends <paramref name="watcher"/>'s subscription to <paramref name="key"/>.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("unwatch")]
    Task UnwatchAsync(string key, IObjectWatcher watcher);

    /// <summary>The object's latest change, or null if it was never written.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("change")]
    Task<ObjectChange?> GetChangeAsync(string key);
}
