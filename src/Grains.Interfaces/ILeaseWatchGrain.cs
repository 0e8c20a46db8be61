using Orleans;

namespace Leasehold.Grains;

/// <summary>
/// Following a lease (key: resource; the same grain as <see cref="ILeaseGrain"/>). The lease keeps a bounded history of
/// its changes in its durable state (<c>Leases:WatchHistory</c>), so the ids continue across failover.
/// </summary>
[Alias("leasehold.ILeaseWatchGrain")]
public interface ILeaseWatchGrain : IGrainWithStringKey
{
    /// <summary>
    /// Subscribes <paramref name="watcher"/> for <paramref name="lifetime"/> (or renews its subscription): it is rung on every
    /// change recorded meanwhile. The subscription lives on this activation only; renew it well before it lapses, and it
    /// also comes back after a failover.
    /// </summary>
    /// <remarks>Interleaves: it touches only the subscriptions, never the lease.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("watch")]
    Task WatchAsync(ILeaseWatcher watcher, TimeSpan lifetime);

    /// <summary>Ends <paramref name="watcher"/>'s subscription.</summary>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("unwatch")]
    Task UnwatchAsync(ILeaseWatcher watcher);

    /// <summary>The retained changes after change <paramref name="after"/> (0: from the start), or a reset when they are not all retained.</summary>
    /// <remarks>Interleaves: it reads durable state; a lease whose end is due but unrecorded records it first, in a turn of its own.</remarks>
    [Orleans.Concurrency.AlwaysInterleave]
    [Alias("changes")]
    Task<LeaseChanges> GetChangesAsync(long after);
}
