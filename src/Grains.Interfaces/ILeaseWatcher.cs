using Orleans;
using Orleans.Concurrency;

namespace Leasehold.Grains;

/// <summary>
/// Told that a lease changed. A doorbell, not the news: the watcher then reads the changes after its last id from the
/// lease (<see cref="ILeaseWatchGrain.GetChangesAsync"/>), so a lost notification costs latency, never a change.
/// </summary>
[Alias("leasehold.ILeaseWatcher")]
public interface ILeaseWatcher : IGrainObserver
{
    /// <summary>The lease on <paramref name="resource"/> recorded its change <paramref name="index"/>.</summary>
    /// <remarks>One-way: the lease never waits for a watcher, so a slow or vanished one cannot hold up a grant.</remarks>
    [OneWay]
    [Alias("lease-changed")]
    void LeaseChanged(string resource, long index);
}
