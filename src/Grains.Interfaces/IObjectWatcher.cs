using Orleans;
using Orleans.Concurrency;

namespace Leasehold.Grains;

/// <summary>
/// Told that an object changed. A doorbell, as <see cref="ILeaseWatcher"/>: the watcher then reads the object's latest
/// change (<see cref="IObjectWatchGrain.GetChangeAsync"/>), so a lost notification costs latency, never the change.
/// </summary>
[Alias("leasehold.IObjectWatcher")]
public interface IObjectWatcher : IGrainObserver
{
    /// <summary>Object <paramref name="key"/> reached <paramref name="version"/>.</summary>
    /// <remarks>One-way: a write never waits for a watcher.</remarks>
    [OneWay]
    [Alias("object-changed")]
    void ObjectChanged(string key, long version);
}
