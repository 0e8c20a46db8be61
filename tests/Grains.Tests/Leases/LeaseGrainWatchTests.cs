using System.Collections.Concurrent;
using Leasehold.Testing;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// A lease rings its watchers after each durable change and answers the retained changes after a watcher's last id; an
/// expiry is recorded by the timer when someone watches, and with the next grant when nobody does.
/// </summary>
public sealed class LeaseGrainWatchTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private sealed class RecordingWatcher : ILeaseWatcher
    {
        public ConcurrentQueue<(string Resource, long Index)> Rings { get; } = new();

        public void LeaseChanged(string resource, long index) => Rings.Enqueue((resource, index));
    }

    private ILeaseWatchGrain Watch(string resource) => Silo.Grains.GetGrain<ILeaseWatchGrain>(Name(resource));

    [Fact]
    public async Task A_subscribed_watcher_is_rung_with_each_change_index_and_not_after_it_unsubscribes()
    {
        var watcher = new RecordingWatcher();
        var reference = Silo.Grains.CreateObjectReference<ILeaseWatcher>(watcher);
        await Watch("orders").WatchAsync(reference, TimeSpan.FromMinutes(1));
        var lease = await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
        await Lease("orders").RenewAsync(new RenewLease(lease.LeaseId, Ttl));
        await Eventually.True(() => watcher.Rings.Count >= 2, TimeSpan.FromSeconds(10), "two rings");

        await Watch("orders").UnwatchAsync(reference);
        await Lease("orders").ReleaseAsync(lease.LeaseId);
        var changes = await Watch("orders").GetChangesAsync(0);

        Assert.Equal([(Name("orders"), 1L), (Name("orders"), 2L)], watcher.Rings);
        Assert.Equal([LeaseChangeKind.Granted, LeaseChangeKind.Renewed, LeaseChangeKind.Released], changes.Changes.Select(c => c.Kind));
        Silo.Grains.DeleteObjectReference<ILeaseWatcher>(reference);
    }

    [Fact]
    public async Task A_watched_expiry_is_recorded_when_the_timer_sees_it()
    {
        var watcher = new RecordingWatcher();
        var reference = Silo.Grains.CreateObjectReference<ILeaseWatcher>(watcher);
        await Watch("orders").WatchAsync(reference, TimeSpan.FromMinutes(5));
        await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);

        await Time.AdvanceAndRunDueTimersAsync(Ttl, TimeSpan.FromSeconds(10));

        // The ring comes from the timer's own write: nobody asked the lease anything.
        await Eventually.True(() => watcher.Rings.Count >= 2, TimeSpan.FromSeconds(10), () => $"a ring for the expiry; rings: {string.Join(", ", watcher.Rings)}");
        var changes = await Watch("orders").GetChangesAsync(1);
        var expired = Assert.Single(changes.Changes);
        Assert.Equal((2L, LeaseChangeKind.Expired, "worker-1", 1L), (expired.Id, expired.Kind, expired.Holder, expired.Fence));
        Silo.Grains.DeleteObjectReference<ILeaseWatcher>(reference);
    }

    [Fact]
    public async Task An_unwatched_expiry_is_recorded_with_the_next_grant_just_before_it()
    {
        await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
        await Time.AdvanceAndRunDueTimersAsync(Ttl, TimeSpan.FromSeconds(10));
        await Lease("orders").AcquireGrantedAsync("worker-2", Ttl);

        var changes = await Watch("orders").GetChangesAsync(0);

        Assert.Equal(
            [(1L, LeaseChangeKind.Granted, "worker-1", 1L), (2L, LeaseChangeKind.Expired, "worker-1", 1L), (3L, LeaseChangeKind.Granted, "worker-2", 2L)],
            changes.Changes.Select(c => (c.Id, c.Kind, c.Holder, c.Fence)));
    }

    [Fact]
    public async Task Reading_a_due_but_unrecorded_expiry_records_it_first()
    {
        await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
        await Time.AdvanceAndRunDueTimersAsync(Ttl, TimeSpan.FromSeconds(10));

        var changes = await Watch("orders").GetChangesAsync(1);

        Assert.Equal((2L, LeaseChangeKind.Expired), (changes.Index, Assert.Single(changes.Changes).Kind));
        Assert.False(changes.Lease.Held);
        Assert.Equal(1, changes.Lease.Fence);
    }

    [Fact]
    public async Task A_watcher_behind_the_retained_history_is_told_to_reset_with_the_state_now()
    {
        var lease = await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
        for (var i = 0; i < 20; i++)
        {
            await Lease("orders").RenewAsync(new RenewLease(lease.LeaseId, Ttl));
        }

        var changes = await Watch("orders").GetChangesAsync(1);

        Assert.True(changes.Reset);
        Assert.Empty(changes.Changes);
        Assert.Equal(21, changes.Index);
        Assert.Equal(("worker-1", 1L), (changes.Lease.Holder, changes.Lease.Fence));
    }
}
