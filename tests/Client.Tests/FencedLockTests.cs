using Leasehold.Testing;

namespace Leasehold.Client.Tests;

/// <summary>FencedLock against a real server: renewal, release, waiting, and LeaseLost when the lease cannot be trusted.</summary>
[Collection(ServerCollection.Name)]
public sealed class FencedLockTests(LeaseholdServer server) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly LeaseholdClient _client = server.CreateClient();

    [Fact]
    public async Task A_lock_renews_past_its_ttl_and_dispose_releases_it()
    {
        var resource = Names.Fresh("renews");
        // Renewals every sixth of a 3 s TTL: a few slow answers on a loaded machine (CI runs the suites in parallel) still
        // leave renewals that arrive in time.
        var ttl = TimeSpan.FromSeconds(3);
        var fencedLock = await _client.LockAsync(resource, new FencedLockOptions { Ttl = ttl, RenewFraction = 1.0 / 6.0 });
        var first = fencedLock.Lease;

        // Renewals, not luck: the latest grant was requested more than two TTLs after the first. A lost lock stops renewing,
        // so the wait ends there, with the reason.
        await Eventually.True(
            () => fencedLock.IsLost || TimeProvider.System.GetElapsedTime(first.SentAtTimestamp, fencedLock.Lease.SentAtTimestamp) > 2 * ttl,
            4 * ttl,
            () => $"renewals to carry the lease past two TTLs (last grant requested {TimeProvider.System.GetElapsedTime(first.SentAtTimestamp, fencedLock.Lease.SentAtTimestamp).TotalSeconds:0.0} s after the first)");
        Assert.False(fencedLock.IsLost, fencedLock.LostReason);
        var state = await _client.GetLeaseAsync(resource);
        Assert.True(state.Held);
        Assert.Equal(fencedLock.Holder, state.Holder);
        Assert.Equal(first.Fence, fencedLock.Fence);
        Assert.Equal(first.Token, fencedLock.Token);

        await fencedLock.DisposeAsync();
        Assert.True(fencedLock.LeaseLost.IsCancellationRequested);
        Assert.False((await _client.GetLeaseAsync(resource)).Held);
    }

    [Fact]
    public async Task LeaseLost_fires_when_the_server_refuses_a_renewal()
    {
        var resource = Names.Fresh("refused");
        var fencedLock = await _client.LockAsync(resource, new FencedLockOptions { Ttl = TimeSpan.FromSeconds(1) });
        await using (fencedLock)
        {
            // Someone with the lease id releases it behind the lock's back; the next renewal is refused.
            await _client.ReleaseAsync(resource, fencedLock.LeaseId);

            await WhenCancelled(fencedLock.LeaseLost).WaitAsync(Bound);
            Assert.Contains("refused", fencedLock.LostReason, StringComparison.Ordinal);
            Assert.Throws<LeaseLostException>(fencedLock.ThrowIfLost);
        }
    }

    [Fact]
    public async Task LeaseLost_fires_on_the_local_clock_while_the_server_still_counts_the_lease_held()
    {
        var resource = Names.Fresh("partitioned");
        using var partition = new PartitionHandler();
        using var http = new HttpClient(partition) { BaseAddress = server.Endpoint };
        using var cutOff = new LeaseholdClient(http);
        var fencedLock = await cutOff.LockAsync(resource, new FencedLockOptions { Ttl = TimeSpan.FromSeconds(6), SafetyMargin = TimeSpan.FromSeconds(3.5) });
        await using (fencedLock)
        {
            LeaseState? atLoss = null;
            partition.Partition();

            await WhenCancelled(fencedLock.LeaseLost).WaitAsync(Bound);
            atLoss = await _client.GetLeaseAsync(resource);

            // The signal came before the server's expiry: nobody else could have been granted the lease yet.
            // (The margin is 3.5 s of a 6 s TTL so that one status read fits in it on a loaded machine.)
            Assert.True(atLoss.Held, "LeaseLost fired only after the server had already let the lease go");
            Assert.Equal(fencedLock.Holder, atLoss.Holder);
            Assert.Contains("local monotonic clock", fencedLock.LostReason, StringComparison.Ordinal);

            // After the server's expiry, another holder gets a larger fence.
            var next = await _client.LockAsync(resource, new FencedLockOptions { Ttl = TimeSpan.FromSeconds(5), Wait = Bound });
            await using (next)
            {
                Assert.True(next.Fence > fencedLock.Fence);
            }
        }
    }

    [Fact]
    public async Task A_waiting_acquire_gets_the_lock_when_the_holder_releases_it()
    {
        var resource = Names.Fresh("wait");
        var holder = await _client.LockAsync(resource, new FencedLockOptions { Ttl = TimeSpan.FromSeconds(30) });
        var waiter = _client.LockAsync(resource, new FencedLockOptions { Ttl = TimeSpan.FromSeconds(30), Wait = Bound });

        await Eventually.True(async () => (await _client.GetLeaseAsync(resource)).Waiters == 1, Bound, "the second acquire to wait in line");
        await holder.DisposeAsync();

        var next = await waiter.WaitAsync(Bound);
        await using (next)
        {
            Assert.Equal(holder.Fence + 1, next.Fence);
            Assert.False(next.IsLost);
        }
    }

    [Fact]
    public async Task Acquire_without_a_wait_throws_LeaseHeldException()
    {
        var resource = Names.Fresh("nowait");
        var holder = await _client.LockAsync(resource);
        await using (holder)
        {
            var held = await Assert.ThrowsAsync<LeaseHeldException>(() => _client.LockAsync(resource));
            Assert.Equal(holder.Holder, held.Holder);
        }
    }

    [Fact]
    public async Task A_waiting_acquire_stops_when_cancelled()
    {
        var resource = Names.Fresh("cancel");
        var holder = await _client.LockAsync(resource, new FencedLockOptions { Ttl = TimeSpan.FromSeconds(30) });
        await using (holder)
        {
            using var cancel = new CancellationTokenSource();
            var waiter = _client.LockAsync(resource, new FencedLockOptions { Wait = Timeout.InfiniteTimeSpan }, cancel.Token);
            await Eventually.True(async () => (await _client.GetLeaseAsync(resource)).Waiters == 1, Bound, "the acquire to wait in line");

            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiter.WaitAsync(Bound));
        }
    }

    public void Dispose() => _client.Dispose();

    private static Task WhenCancelled(CancellationToken token) => Task.Delay(Timeout.Infinite, token).ContinueWith(_ => { }, TaskScheduler.Default);
}
