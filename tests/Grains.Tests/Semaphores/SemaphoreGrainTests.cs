using System.Text;
using Leasehold.Grains.Tests.Leases;
using Leasehold.Testing;

namespace Leasehold.Grains.Tests.Semaphores;

/// <summary>
/// The semaphore grain on the fake clock: N holders get N distinct slots, the next waits and is served first come first
/// served, each slot's fence grows on its own, the number of permits is fixed, and a holder paused past its TTL loses its
/// slot to the line and its late write is refused by the slot's fence.
/// </summary>
public sealed class SemaphoreGrainTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private ISemaphoreGrain Semaphore(string name) => Silo.Grains.GetGrain<ISemaphoreGrain>(Name(name));

    private ILeaseGrain SlotLease(string name, int slot) => Silo.Lease(SemaphoreNames.ResourceOf(Name(name), slot));

    private static async Task<PermitResult.Granted> GrantedAsync(Task<PermitResult> acquire) => Assert.IsType<PermitResult.Granted>(await acquire);

    [Fact]
    public async Task N_holders_get_N_distinct_slots_each_the_lease_of_its_slot_resource()
    {
        var semaphore = Semaphore("pool");
        var permits = new List<PermitResult.Granted>();
        for (var i = 0; i < 3; i++)
        {
            permits.Add(await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit($"w{i}", 3, Ttl, TimeSpan.Zero))));
        }

        Assert.Equal([0, 1, 2], permits.Select(p => p.Slot).Order());
        foreach (var permit in permits)
        {
            Assert.Equal(SemaphoreNames.ResourceOf(Name("pool"), permit.Slot), permit.Lease.Resource);
            var lease = await SlotLease("pool", permit.Slot).GetAsync();
            Assert.Equal((permit.Lease.Holder, permit.Lease.Fence), (lease.Holder, lease.Fence));
        }

        var full = Assert.IsType<PermitResult.Full>(await semaphore.AcquireAsync(new AcquirePermit("w3", 3, Ttl, TimeSpan.Zero)));
        Assert.Equal((3, 3), (full.Permits, full.Holders));
        var view = await semaphore.GetAsync();
        Assert.Equal(3, view.Permits);
        Assert.Equal(["w0", "w1", "w2"], view.Held.Select(h => h.Holder).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_holder_that_asks_again_gets_its_own_slot_back_with_the_same_fence()
    {
        var semaphore = Semaphore("pool");
        var first = await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit("w0", 2, Ttl, TimeSpan.Zero)));

        var again = await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit("w0", 2, Ttl, TimeSpan.Zero)));

        Assert.Equal((first.Slot, first.Lease.LeaseId, first.Lease.Fence), (again.Slot, again.Lease.LeaseId, again.Lease.Fence));
        Assert.Single((await semaphore.GetAsync()).Held);
    }

    [Fact]
    public async Task The_next_in_line_are_served_first_come_first_served_as_permits_are_released()
    {
        var semaphore = Semaphore("pool");
        var a = await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit("a", 2, Ttl, TimeSpan.Zero)));
        var b = await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit("b", 2, Ttl, TimeSpan.Zero)));
        var c = semaphore.AcquireAsync(new AcquirePermit("c", 2, Ttl, Wait));
        await Eventually.True(async () => (await semaphore.GetAsync()).Waiters == 1, Bound, "c is in line");
        var d = semaphore.AcquireAsync(new AcquirePermit("d", 2, Ttl, Wait));
        await Eventually.True(async () => (await semaphore.GetAsync()).Waiters == 2, Bound, "d is in line behind c");

        Assert.IsType<LeaseResult.Released>(await semaphore.ReleaseAsync(a.Slot, a.Lease.LeaseId));
        var cGranted = await GrantedAsync(c);

        Assert.Equal(a.Slot, cGranted.Slot);
        Assert.Equal(a.Lease.Fence + 1, cGranted.Lease.Fence);
        // No slot is free: d waits on, however long it is given to get one.
        Assert.False(d.IsCompleted);
        Assert.Equal(1, (await semaphore.GetAsync()).Waiters);

        Assert.IsType<LeaseResult.Released>(await semaphore.ReleaseAsync(b.Slot, b.Lease.LeaseId));
        var dGranted = await GrantedAsync(d);
        Assert.Equal((b.Slot, b.Lease.Fence + 1), (dGranted.Slot, dGranted.Lease.Fence));
    }

    [Fact]
    public async Task A_newcomer_does_not_overtake_the_line_when_a_permit_is_released()
    {
        var semaphore = Semaphore("pool");
        var a = await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit("a", 1, Ttl, TimeSpan.Zero)));
        var b = semaphore.AcquireAsync(new AcquirePermit("b", 1, Ttl, Wait));
        await Eventually.True(async () => (await semaphore.GetAsync()).Waiters == 1, Bound, "b is in line");

        var released = semaphore.ReleaseAsync(a.Slot, a.Lease.LeaseId);
        var newcomer = semaphore.AcquireAsync(new AcquirePermit("e", 1, Ttl, TimeSpan.Zero));

        Assert.IsType<LeaseResult.Released>(await released);
        Assert.IsType<PermitResult.Full>(await newcomer);
        Assert.Equal("b", (await GrantedAsync(b)).Lease.Holder);
    }

    [Fact]
    public async Task Each_slots_fence_grows_with_every_grant_of_that_slot()
    {
        var semaphore = Semaphore("pool");
        var fences = new List<long>();
        for (var round = 0; round < 3; round++)
        {
            var permit = await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit($"w{round}", 1, Ttl, TimeSpan.Zero)));
            Assert.Equal(0, permit.Slot);
            fences.Add(permit.Lease.Fence);
            Assert.IsType<LeaseResult.Released>(await semaphore.ReleaseAsync(0, permit.Lease.LeaseId));
        }

        Assert.Equal([fences[0], fences[0] + 1, fences[0] + 2], fences);
    }

    [Fact]
    public async Task An_acquire_naming_another_number_of_permits_is_refused_with_the_semaphores_number()
    {
        var semaphore = Semaphore("pool");
        await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit("w0", 2, Ttl, TimeSpan.Zero)));

        var mismatch = await semaphore.AcquireAsync(new AcquirePermit("w1", 5, Ttl, TimeSpan.Zero));

        Assert.Equal(new PermitResult.PermitsMismatch(2), mismatch);
        Assert.Equal(2, (await semaphore.GetAsync()).Permits);
    }

    [Fact]
    public async Task A_slot_past_the_number_of_permits_is_no_permit_to_renew_or_release()
    {
        var semaphore = Semaphore("pool");
        var permit = await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit("w0", 1, Ttl, TimeSpan.Zero)));

        Assert.IsType<LeaseResult.Lost>(await semaphore.RenewAsync(1, new RenewLease(permit.Lease.LeaseId, null)));
        Assert.IsType<LeaseResult.Lost>(await semaphore.ReleaseAsync(1, permit.Lease.LeaseId));
        Assert.IsType<LeaseResult.Granted>(await semaphore.RenewAsync(0, new RenewLease(permit.Lease.LeaseId, null)));
    }

    [Fact]
    public async Task A_holder_paused_past_its_ttl_loses_its_slot_to_the_line_and_its_late_write_is_refused()
    {
        var semaphore = Semaphore("pool");
        var first = await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit("worker-1", 1, Ttl, TimeSpan.Zero)));
        var key = first.Lease.Resource + ".txt";
        Assert.IsType<WriteResult.Accepted>(await PutAsync(key, "from worker-1", first.Lease.Token));

        // worker-2 waits in line; worker-1 stops the world past its TTL, still believing it holds its permit.
        var waiting = semaphore.AcquireAsync(new AcquirePermit("worker-2", 1, Ttl, Wait));
        await Eventually.True(async () => (await semaphore.GetAsync()).Waiters == 1, Bound, "worker-2 is in line");
        var advanced = TimeSpan.Zero;
        await Eventually.True(() =>
        {
            if (!waiting.IsCompleted)
            {
                Time.Advance(TimeSpan.FromMilliseconds(250));
                advanced += TimeSpan.FromMilliseconds(250);
            }

            return waiting.IsCompleted;
        }, TimeSpan.FromSeconds(20), "worker-2 to be granted the expired slot");
        var second = await GrantedAsync(waiting);
        Assert.True(advanced >= Ttl, $"granted after {advanced} of a {Ttl} permit");
        Assert.Equal((0, first.Lease.Fence + 1), (second.Slot, second.Lease.Fence));
        Assert.IsType<WriteResult.Accepted>(await PutAsync(key, "from worker-2", second.Lease.Token));

        var late = await PutAsync(key, "late from worker-1", first.Lease.Token);

        Assert.Equal(new WriteResult.StaleFence(first.Lease.Fence, second.Lease.Fence), late);
        Assert.IsType<LeaseResult.Lost>(await semaphore.RenewAsync(0, new RenewLease(first.Lease.LeaseId, null)));
    }

    [Fact]
    public async Task A_slot_freed_through_the_plain_lease_routes_is_seen_by_the_line_within_the_recheck()
    {
        var semaphore = Semaphore("pool");
        var first = await GrantedAsync(semaphore.AcquireAsync(new AcquirePermit("worker-1", 1, TimeSpan.FromMinutes(1), TimeSpan.Zero)));
        var waiting = semaphore.AcquireAsync(new AcquirePermit("worker-2", 1, Ttl, Wait));
        await Eventually.True(async () => (await semaphore.GetAsync()).Waiters == 1, Bound, "worker-2 is in line");

        await SlotLease("pool", 0).ReleaseReleasedAsync(first.Lease);
        await Eventually.True(() =>
        {
            if (!waiting.IsCompleted)
            {
                Time.Advance(TimeSpan.FromMilliseconds(100));
            }

            return waiting.IsCompleted;
        }, Bound, "worker-2 to see the slot freed past the semaphore");

        Assert.Equal("worker-2", (await GrantedAsync(waiting)).Lease.Holder);
    }

    private Task<WriteResult> PutAsync(string key, string value, string token) =>
        Silo.ShardFor(key).PutAsync(new PutObject(key, Encoding.UTF8.GetBytes(value), "text/plain", token));
}
