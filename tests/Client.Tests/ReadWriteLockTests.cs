using System.Text;

namespace Leasehold.Client.Tests;

/// <summary>Read-write locks through the client: shared locks held together, a writer kept out, and a reader's token refused by the store.</summary>
[Collection(ServerCollection.Name)]
public sealed class ReadWriteLockTests(LeaseholdServer server) : IDisposable
{
    private readonly LeaseholdClient _client = server.CreateClient();

    [Fact]
    public async Task Two_shared_locks_hold_together_with_one_fence_and_an_exclusive_lock_waits_for_both()
    {
        var resource = Names.Fresh("rw");
        var shared = new FencedLockOptions { Mode = LeaseMode.Shared, Ttl = TimeSpan.FromSeconds(30) };
        await using var first = await _client.LockAsync(resource, shared);
        await using var second = await _client.LockAsync(resource, shared);

        Assert.Equal((LeaseMode.Shared, LeaseMode.Shared), (first.Mode, second.Mode));
        Assert.Equal(first.Fence, second.Fence);
        var state = await _client.GetLeaseAsync(resource);
        Assert.Equal((LeaseMode.Shared, 2), (state.Mode, state.SharedHolderCount));
        Assert.Equal(new[] { first.Holder, second.Holder }.Order(StringComparer.Ordinal), state.SharedHolders!.Select(h => h.Holder).Order(StringComparer.Ordinal));
        var held = await Assert.ThrowsAsync<LeaseHeldException>(() => _client.LockAsync(resource));
        Assert.Contains(held.Holder, new[] { first.Holder, second.Holder });

        await first.DisposeAsync();
        await second.DisposeAsync();
        await using var writer = await _client.LockAsync(resource);
        Assert.Equal((LeaseMode.Exclusive, first.Fence + 1), (writer.Mode, writer.Fence));
    }

    [Fact]
    public async Task A_shared_leases_token_is_refused_by_the_store_with_the_shared_lease_problem()
    {
        var resource = Names.Fresh("rw-store");
        var reader = await _client.AcquireSharedAsync(resource, "reader", TimeSpan.FromSeconds(30));

        var refused = await Assert.ThrowsAsync<LeaseholdException>(() => _client.PutObjectAsync(resource, Encoding.UTF8.GetBytes("v"), reader.Token));

        Assert.Equal((LeaseMode.Shared, ProblemTypes.SharedLease, (int?)403), (reader.Mode, refused.Type, refused.Status));
        Assert.Null(await _client.GetObjectAsync(resource));
    }

    [Fact]
    public async Task A_session_acquires_a_shared_hold()
    {
        var resource = Names.Fresh("rw-session");
        await using var session = await _client.SessionAsync(new LeaseholdSessionOptions { Holder = "batch", Ttl = TimeSpan.FromSeconds(10) });
        await _client.AcquireSharedAsync(resource, "other", TimeSpan.FromSeconds(30));

        var lease = await session.AcquireAsync(resource, LeaseMode.Shared);

        Assert.Equal((LeaseMode.Shared, 1L), (lease.Mode, lease.Fence));
        Assert.Equal(2, (await _client.GetLeaseAsync(resource)).SharedHolderCount);
    }

    public void Dispose() => _client.Dispose();
}
