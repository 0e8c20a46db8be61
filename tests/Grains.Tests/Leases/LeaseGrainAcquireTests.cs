using Leasehold.Testing;

namespace Leasehold.Grains.Tests.Leases;

public sealed class LeaseGrainAcquireTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_resource_never_leased_is_free_with_fence_zero()
    {
        var view = await Lease("fresh").GetAsync();

        Assert.Equal(new LeaseView(Name("fresh"), false, null, 0, null, null, 0), view);
    }

    [Fact]
    public async Task A_grant_names_the_resource_the_holder_and_a_token_for_them()
    {
        var lease = await Lease("orders").AcquireGrantedAsync("worker-1", Ttl);

        Assert.Equal((Name("orders"), "worker-1", 1L, Ttl, Clock.GetUtcNow() + Ttl), (lease.Resource, lease.Holder, lease.Fence, lease.Ttl, lease.ExpiresAtUtc));
        var verified = Silo.Signer.Verify(lease.Token);
        Assert.True(verified.IsValid, verified.Error);
        Assert.Equal(new FencingToken(Silo.Signer.KeyId, Name("orders"), 1, lease.LeaseId, "worker-1"), verified.Token);
    }

    [Fact]
    public async Task Acquire_again_by_the_current_holder_returns_the_same_lease_and_fence()
    {
        var grain = Lease("orders");
        var first = await grain.AcquireGrantedAsync("worker-1", Ttl);

        var retry = await grain.AcquireGrantedAsync("worker-1", Ttl);

        Assert.Equal((first.LeaseId, first.Fence, first.Token), (retry.LeaseId, retry.Fence, retry.Token));
        Assert.Equal(first.Fence, (await grain.GetAsync()).Fence);
    }

    [Fact]
    public async Task Another_holder_is_told_who_holds_the_lease_and_when_to_retry()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);
        Time.Advance(TimeSpan.FromSeconds(10));

        var held = await grain.AcquireHeldAsync("worker-2", Ttl);

        Assert.Equal(new LeaseResult.Held("worker-1", lease.Fence, TimeSpan.FromSeconds(20)), held);
        Assert.Equal(new LeaseView(Name("orders"), true, "worker-1", lease.Fence, lease.ExpiresAtUtc, TimeSpan.FromSeconds(20), 0), await grain.GetAsync());
    }

    [Fact]
    public async Task Release_with_an_unknown_lease_id_is_lost_and_the_lease_stays_held()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);

        var result = await grain.ReleaseAsync("0123456789abcdef0123456789abcdef");

        Assert.IsType<LeaseResult.Lost>(result);
        Assert.Equal("worker-1", (await grain.GetAsync()).Holder);
        await grain.AcquireHeldAsync("worker-2", Ttl);
        Assert.Equal(lease.Fence, (await grain.GetAsync()).Fence);
    }

    [Fact]
    public async Task Release_by_the_holder_frees_the_lease_for_the_next_holder_at_once()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);

        Assert.Equal(new LeaseResult.Released(lease.Fence), await grain.ReleaseAsync(lease.LeaseId));

        Assert.False((await grain.GetAsync()).Held);
        var next = await grain.AcquireGrantedAsync("worker-2", Ttl);
        Assert.Equal(lease.Fence + 1, next.Fence);
    }

    [Fact]
    public async Task A_released_lease_can_be_neither_released_nor_renewed_again()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);
        await grain.ReleaseReleasedAsync(lease);

        Assert.IsType<LeaseResult.Lost>(await grain.ReleaseAsync(lease.LeaseId));
        Assert.IsType<LeaseResult.Lost>(await grain.RenewAsync(new RenewLease(lease.LeaseId, Ttl)));
    }

    [Fact]
    public async Task The_lease_id_of_an_earlier_grant_cannot_release_a_later_one()
    {
        var grain = Lease("orders");
        var earlier = await grain.AcquireGrantedAsync("worker-1", Ttl);
        await grain.ReleaseReleasedAsync(earlier);
        var later = await grain.AcquireGrantedAsync("worker-1", Ttl);

        Assert.IsType<LeaseResult.Lost>(await grain.ReleaseAsync(earlier.LeaseId));

        Assert.NotEqual(earlier.LeaseId, later.LeaseId);
        Assert.True((await grain.GetAsync()).Held);
    }
}
