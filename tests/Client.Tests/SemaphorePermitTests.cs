using System.Text;
using Leasehold.Testing;

namespace Leasehold.Client.Tests;

/// <summary>Semaphore permits against a real server: N at once, renewal on the slot's lease routes, the line served on dispose, loss.</summary>
[Collection(ServerCollection.Name)]
public sealed class SemaphorePermitTests(LeaseholdServer server) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly LeaseholdClient _client = server.CreateClient();

    [Fact]
    public async Task Permits_keep_their_slots_past_their_ttl_and_a_full_semaphore_throws_SemaphoreFullException()
    {
        var semaphore = Names.Fresh("pool");
        var ttl = TimeSpan.FromMilliseconds(1500);
        await using var a = await _client.AcquirePermitAsync(semaphore, "a", 2, ttl, TimeSpan.Zero);
        await using var b = await _client.AcquirePermitAsync(semaphore, "b", 2, ttl, TimeSpan.Zero);
        Assert.NotEqual(a.Slot, b.Slot);
        Assert.Equal($"semaphore:{semaphore}:{a.Slot}", a.Resource);
        var first = a.Lock.Lease;

        await Eventually.True(
            () => TimeProvider.System.GetElapsedTime(first.SentAtTimestamp, a.Lock.Lease.SentAtTimestamp) > 2 * ttl,
            Bound,
            "renewals to carry the permit past two TTLs");
        Assert.False(a.IsLost, a.LostReason);
        Assert.Equal(first.Fence, a.Fence);

        var full = await Assert.ThrowsAsync<SemaphoreFullException>(() => _client.AcquirePermitAsync(semaphore, "c", 2, ttl, TimeSpan.Zero));
        Assert.Equal((2, 2), (full.Permits, full.Holders));
        var state = await _client.GetSemaphoreAsync(semaphore);
        Assert.Equal(["a", "b"], state!.Held.Select(h => h.Holder).Order(StringComparer.Ordinal));
        var mismatch = await Assert.ThrowsAsync<LeaseholdException>(() => _client.AcquirePermitLeaseAsync(semaphore, "c", 3, ttl));
        Assert.Equal(ProblemTypes.PermitsMismatch, mismatch.Type);
    }

    [Fact]
    public async Task A_waiting_holder_gets_the_slot_with_a_higher_fence_once_a_permit_is_disposed()
    {
        var semaphore = Names.Fresh("next");
        var first = await _client.AcquirePermitAsync(semaphore, "one", 1, TimeSpan.FromSeconds(30), TimeSpan.Zero);
        var second = _client.AcquirePermitAsync(semaphore, "two", 1, TimeSpan.FromSeconds(30), Bound);
        await Eventually.True(async () => (await _client.GetSemaphoreAsync(semaphore))!.Waiters == 1, Bound, "two to wait in line");

        await first.DisposeAsync();

        Assert.True(first.PermitLost.IsCancellationRequested);
        var next = await second.WaitAsync(Bound);
        await using (next)
        {
            Assert.Equal((first.Slot, first.Fence + 1), (next.Slot, next.Fence));
            Assert.IsType<WriteReceipt>(await _client.PutObjectAsync(next.Resource + ".txt", Encoding.UTF8.GetBytes("two"), next.Token));
            await Assert.ThrowsAsync<StaleFenceException>(() => _client.PutObjectAsync(next.Resource + ".txt", Encoding.UTF8.GetBytes("late"), first.Token));
        }
    }

    [Fact]
    public async Task PermitLost_fires_when_the_permit_is_released_behind_its_holders_back()
    {
        var semaphore = Names.Fresh("lost");
        var permit = await _client.AcquirePermitAsync(semaphore, 3, new FencedLockOptions { Ttl = TimeSpan.FromSeconds(1) });
        await using (permit)
        {
            await _client.ReleasePermitAsync(semaphore, permit.Slot, permit.LeaseId);

            await Task.Delay(Timeout.Infinite, permit.PermitLost).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(Bound);
            Assert.Contains("refused", permit.LostReason, StringComparison.Ordinal);
            Assert.Throws<LeaseLostException>(permit.ThrowIfLost);
            await Assert.ThrowsAsync<LeaseLostException>(() => _client.RenewPermitAsync(semaphore, permit.Slot, permit.LeaseId));
        }
    }

    [Fact]
    public async Task A_semaphore_never_acquired_reads_as_null()
    {
        Assert.Null(await _client.GetSemaphoreAsync(Names.Fresh("none")));
    }

    public void Dispose() => _client.Dispose();
}
