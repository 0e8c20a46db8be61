using Leasehold.Testing;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// Shared mode (read-write locks): many readers at once or one writer; the fair line keeps writers from starving; the fence
/// advances on every exclusive grant and at the start of each shared epoch, and readers joining an epoch share its fence.
/// The manual clock stands still unless a test moves it, so a grant seen without moving it came before any expiry.
/// </summary>
public sealed class LeaseGrainSharedTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Readers_hold_the_lock_together_with_one_fence_and_the_view_lists_them()
    {
        var grain = Lease("catalog");

        var first = await grain.AcquireSharedGrantedAsync("reader-1", Ttl);
        var second = await grain.AcquireSharedGrantedAsync("reader-2", Ttl);

        Assert.Equal((1L, 1L), (first.Fence, second.Fence));
        Assert.NotEqual(first.LeaseId, second.LeaseId);
        var view = await grain.GetAsync();
        Assert.True(view.Held);
        Assert.Null(view.Holder);
        Assert.Equal(LeaseMode.Shared, view.Mode);
        Assert.Equal(["reader-1", "reader-2"], view.SharedHolders.Select(h => h.Holder));
        Assert.All(view.SharedHolders, h => Assert.Equal(1, h.Fence));
    }

    [Fact]
    public async Task A_writer_is_kept_out_while_any_reader_holds_and_gets_the_next_fence_when_the_last_releases()
    {
        var grain = Lease("catalog");
        var first = await grain.AcquireSharedGrantedAsync("reader-1", Ttl);
        var second = await grain.AcquireSharedGrantedAsync("reader-2", Ttl);

        Assert.Equal("reader-1", (await grain.AcquireHeldAsync("writer", Ttl)).Holder);
        await grain.ReleaseReleasedAsync(first);
        Assert.Equal("reader-2", (await grain.AcquireHeldAsync("writer", Ttl)).Holder);
        await grain.ReleaseReleasedAsync(second);

        var writer = await grain.AcquireGrantedAsync("writer", Ttl);
        Assert.Equal((2L, LeaseMode.Exclusive), (writer.Fence, writer.Mode));
        Assert.Equal("writer", (await grain.AcquireSharedHeldAsync("reader-3", Ttl)).Holder);
    }

    [Fact]
    public async Task A_waiting_writer_keeps_new_readers_out_and_is_granted_when_the_readers_hold_has_expired()
    {
        var grain = Lease("catalog");
        var reader = await grain.AcquireSharedGrantedAsync("reader-1", TimeSpan.FromSeconds(10));
        var writer = await WaitInLineAsync(grain, "writer", LeaseMode.Exclusive, expectedWaiters: 1);

        // No barging: a reader that would join the running epoch finds the writer ahead of it.
        Assert.Equal("reader-1", (await grain.AcquireSharedHeldAsync("reader-2", Ttl)).Holder);
        var lateReader = await WaitInLineAsync(grain, "reader-3", LeaseMode.Shared, expectedWaiters: 2);

        Time.Advance(TimeSpan.FromSeconds(10));

        var written = Assert.IsType<LeaseResult.Granted>(await writer.WaitAsync(Timeout)).Lease;
        Assert.Equal(reader.Fence + 1, written.Fence);
        Assert.False(lateReader.IsCompleted);
        await grain.ReleaseReleasedAsync(written);
        var read = Assert.IsType<LeaseResult.Granted>(await lateReader.WaitAsync(Timeout)).Lease;
        Assert.Equal((written.Fence + 1, LeaseMode.Shared), (read.Fence, read.Mode));
    }

    [Fact]
    public async Task When_the_lock_comes_free_the_leading_run_of_shared_waiters_is_granted_together_and_the_writer_behind_them_waits()
    {
        var grain = Lease("catalog");
        var holder = await grain.AcquireGrantedAsync("writer-1", Ttl);
        var reader1 = await WaitInLineAsync(grain, "reader-1", LeaseMode.Shared, expectedWaiters: 1);
        var reader2 = await WaitInLineAsync(grain, "reader-2", LeaseMode.Shared, expectedWaiters: 2);
        var writer2 = await WaitInLineAsync(grain, "writer-2", LeaseMode.Exclusive, expectedWaiters: 3);
        var reader3 = await WaitInLineAsync(grain, "reader-3", LeaseMode.Shared, expectedWaiters: 4);

        await grain.ReleaseReleasedAsync(holder);

        var first = Assert.IsType<LeaseResult.Granted>(await reader1.WaitAsync(Timeout)).Lease;
        var second = Assert.IsType<LeaseResult.Granted>(await reader2.WaitAsync(Timeout)).Lease;
        Assert.Equal((2L, 2L), (first.Fence, second.Fence));
        Assert.Equal(2, (await grain.GetAsync()).Waiters);
        Assert.False(writer2.IsCompleted);
        Assert.False(reader3.IsCompleted);

        await grain.ReleaseReleasedAsync(first);
        await grain.ReleaseReleasedAsync(second);
        var written = Assert.IsType<LeaseResult.Granted>(await writer2.WaitAsync(Timeout)).Lease;
        Assert.Equal(3, written.Fence);
        Assert.False(reader3.IsCompleted);
        await grain.ReleaseReleasedAsync(written);
        Assert.Equal(4, Assert.IsType<LeaseResult.Granted>(await reader3.WaitAsync(Timeout)).Lease.Fence);
    }

    [Fact]
    public async Task The_fence_advances_on_exclusive_grants_and_at_the_start_of_each_shared_epoch_only()
    {
        var grain = Lease("catalog");
        var fences = new List<long>();

        var writer = await grain.AcquireGrantedAsync("writer", Ttl);
        fences.Add(writer.Fence);
        await grain.ReleaseReleasedAsync(writer);
        var readers = new[] { await grain.AcquireSharedGrantedAsync("reader-1", Ttl), await grain.AcquireSharedGrantedAsync("reader-2", Ttl) };
        fences.AddRange(readers.Select(r => r.Fence));
        await grain.ReleaseReleasedAsync(readers[0]);
        // The epoch runs on while reader-2 holds: a reader joining it gets its fence.
        var joiner = await grain.AcquireSharedGrantedAsync("reader-3", Ttl);
        fences.Add(joiner.Fence);
        await grain.ReleaseReleasedAsync(readers[1]);
        await grain.ReleaseReleasedAsync(joiner);
        // A new epoch after the last reader left: a new fence.
        var nextEpoch = await grain.AcquireSharedGrantedAsync("reader-1", Ttl);
        fences.Add(nextEpoch.Fence);
        await grain.ReleaseReleasedAsync(nextEpoch);
        fences.Add((await grain.AcquireGrantedAsync("writer", Ttl)).Fence);

        Assert.Equal([1L, 2L, 2L, 2L, 3L, 4L], fences);
    }

    [Fact]
    public async Task A_reader_asking_again_gets_the_same_lease_and_fence_extended_and_renews_and_releases_by_its_lease_id()
    {
        var grain = Lease("catalog");
        var lease = await grain.AcquireSharedGrantedAsync("reader-1", TimeSpan.FromSeconds(10));
        Time.Advance(TimeSpan.FromSeconds(8));

        var again = await grain.AcquireSharedGrantedAsync("reader-1", TimeSpan.FromSeconds(10));
        Assert.Equal((lease.LeaseId, lease.Fence, lease.Token), (again.LeaseId, again.Fence, again.Token));
        Time.Advance(TimeSpan.FromSeconds(8));
        Assert.True((await grain.GetAsync()).Held);

        var renewed = Assert.IsType<LeaseResult.Granted>(await grain.RenewAsync(new RenewLease(lease.LeaseId, TimeSpan.FromSeconds(30)))).Lease;
        Assert.Equal((lease.Fence, LeaseMode.Shared, TimeSpan.FromSeconds(30)), (renewed.Fence, renewed.Mode, (await grain.GetAsync()).Remaining));
        await grain.ReleaseReleasedAsync(lease);
        Assert.IsType<LeaseResult.Lost>(await grain.RenewAsync(new RenewLease(lease.LeaseId, null)));
        Assert.False((await grain.GetAsync()).Held);
    }

    [Fact]
    public async Task Each_shared_hold_expires_on_its_own_clock_and_the_writer_gets_in_after_the_last()
    {
        var grain = Lease("catalog");
        var brief = await grain.AcquireSharedGrantedAsync("reader-1", TimeSpan.FromSeconds(10));
        await grain.AcquireSharedGrantedAsync("reader-2", TimeSpan.FromSeconds(20));

        Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(["reader-2"], (await grain.GetAsync()).SharedHolders.Select(h => h.Holder));
        Assert.Equal("the lease expired", Assert.IsType<LeaseResult.Lost>(await grain.RenewAsync(new RenewLease(brief.LeaseId, null))).Reason);
        Assert.Equal(new LeaseResult.Held("reader-2", brief.Fence, TimeSpan.FromSeconds(10)), await grain.AcquireHeldAsync("writer", Ttl));

        Time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(brief.Fence + 1, (await grain.AcquireGrantedAsync("writer", Ttl)).Fence);
        var changes = await Silo.Grains.GetGrain<ILeaseWatchGrain>(Name("catalog")).GetChangesAsync(0);
        Assert.Equal(
            [(LeaseChangeKind.Granted, LeaseMode.Shared), (LeaseChangeKind.Granted, LeaseMode.Shared), (LeaseChangeKind.Expired, LeaseMode.Shared),
             (LeaseChangeKind.Expired, LeaseMode.Shared), (LeaseChangeKind.Granted, LeaseMode.Exclusive)],
            changes.Changes.Select(c => (c.Kind, c.Mode)));
    }

    [Fact]
    public async Task An_exclusive_holder_asking_for_a_shared_hold_is_another_acquirer_and_is_refused()
    {
        var grain = Lease("catalog");
        var writer = await grain.AcquireGrantedAsync("worker", Ttl);

        Assert.Equal(new LeaseResult.Held("worker", writer.Fence, Ttl), await grain.AcquireSharedHeldAsync("worker", Ttl));
    }

    /// <summary>Starts an acquire that waits, and returns once it stands in line at position <paramref name="expectedWaiters"/>.</summary>
    private static async Task<Task<LeaseResult>> WaitInLineAsync(ILeaseGrain grain, string holder, LeaseMode mode, int expectedWaiters)
    {
        var waiting = grain.AcquireAsync(new AcquireLease(holder, Ttl, LongWait, Mode: mode));
        await Eventually.True(async () => (await grain.GetAsync()).Waiters == expectedWaiters, Timeout, $"{holder} waits in line");
        Assert.False(waiting.IsCompleted);
        return waiting;
    }
}
