using Leasehold.Grains;
using Orleans;

namespace Leasehold.Api.Watches;

/// <summary>This process's lease watchers: one Orleans observer for all of them, subscribed once per followed lease.</summary>
internal sealed class LeaseWatchHub(IGrainFactory grains, WatchLimit limit, ILogger<LeaseWatchHub> logger) : WatchHub(limit, logger), ILeaseWatcher
{
    private ILeaseWatcher? _reference;

    // Made on first use, once Orleans runs; the hub (a singleton) holds the observer, so Orleans' weak reference stays alive.
    private ILeaseWatcher Reference => _reference ??= grains.CreateObjectReference<ILeaseWatcher>(this);

    public void LeaseChanged(string resource, long index) => Ring(resource);

    protected override Task SubscribeAsync(string name, TimeSpan lifetime) => grains.GetGrain<ILeaseWatchGrain>(name).WatchAsync(Reference, lifetime);

    protected override Task UnsubscribeAsync(string name) => grains.GetGrain<ILeaseWatchGrain>(name).UnwatchAsync(Reference);
}
