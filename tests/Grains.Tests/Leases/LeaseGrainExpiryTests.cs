
namespace Leasehold.Grains.Tests.Leases;

/// <summary>Leases are timed on the monotonic clock; the wall clock is only stored. Time moves both clocks; Clock steps the wall clock alone.</summary>
public sealed class LeaseGrainExpiryTests(SharedSilo shared) : SiloTest(shared)
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task A_lease_is_held_until_the_end_of_its_ttl()
    {
        var grain = Lease("orders");
        await grain.AcquireGrantedAsync("worker-1", Ttl);

        Time.Advance(Ttl - Tick);

        var view = await grain.GetAsync();
        Assert.Equal(("worker-1", Tick), (view.Holder, view.Remaining));
        await grain.AcquireHeldAsync("worker-2", Ttl);
    }

    [Fact]
    public async Task A_lease_not_renewed_expires_after_its_ttl_and_goes_to_the_next_holder_with_a_larger_fence()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);

        Time.Advance(Ttl);

        Assert.False((await grain.GetAsync()).Held);
        Assert.IsType<LeaseResult.Lost>(await grain.RenewAsync(new RenewLease(lease.LeaseId, Ttl)));
        Assert.IsType<LeaseResult.Lost>(await grain.ReleaseAsync(lease.LeaseId));
        var next = await grain.AcquireGrantedAsync("worker-2", Ttl);
        Assert.True(next.Fence > lease.Fence);
    }

    [Fact]
    public async Task Acquire_again_by_a_holder_whose_lease_expired_is_a_new_lease_with_a_larger_fence()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);
        Time.Advance(Ttl);

        var again = await grain.AcquireGrantedAsync("worker-1", Ttl);

        Assert.NotEqual(lease.LeaseId, again.LeaseId);
        Assert.Equal(lease.Fence + 1, again.Fence);
    }

    [Fact]
    public async Task Renewing_before_expiry_extends_the_lease_from_the_moment_of_renewal()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);
        Time.Advance(TimeSpan.FromSeconds(6));

        var renewed = Assert.IsType<LeaseResult.Granted>(await grain.RenewAsync(new RenewLease(lease.LeaseId, Ttl))).Lease;

        Assert.Equal((lease.LeaseId, lease.Fence), (renewed.LeaseId, renewed.Fence));
        Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal("worker-1", (await grain.GetAsync()).Holder);
        await grain.AcquireHeldAsync("worker-2", Ttl);

        Time.Advance(TimeSpan.FromSeconds(4));
        Assert.False((await grain.GetAsync()).Held);
    }

    [Fact]
    public async Task Renewing_without_a_ttl_keeps_the_ttl_of_the_grant()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);
        Time.Advance(TimeSpan.FromSeconds(6));

        var renewed = Assert.IsType<LeaseResult.Granted>(await grain.RenewAsync(new RenewLease(lease.LeaseId, null))).Lease;

        Assert.Equal(Ttl, renewed.Ttl);
        Assert.Equal(Ttl, (await grain.GetAsync()).Remaining);
    }

    [Fact]
    public async Task Moving_the_wall_clock_forward_does_not_expire_a_live_lease()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);

        var before = Clock.GetUtcNow();
        Clock.StepWallClock(TimeSpan.FromHours(1));
        Assert.Equal(before + TimeSpan.FromHours(1), Clock.GetUtcNow());

        Assert.Equal("worker-1", (await grain.GetAsync()).Holder);
        await grain.AcquireHeldAsync("worker-2", Ttl);
        Assert.IsType<LeaseResult.Granted>(await grain.RenewAsync(new RenewLease(lease.LeaseId, Ttl)));
    }

    [Fact]
    public async Task Moving_the_wall_clock_backward_does_not_extend_a_lease()
    {
        var grain = Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);

        var before = Clock.GetUtcNow();
        Clock.StepWallClock(-TimeSpan.FromHours(1));
        Assert.Equal(before - TimeSpan.FromHours(1), Clock.GetUtcNow());
        Time.Advance(Ttl);

        Assert.False((await grain.GetAsync()).Held);
        Assert.Equal(lease.Fence + 1, (await grain.AcquireGrantedAsync("worker-2", Ttl)).Fence);
    }
}
