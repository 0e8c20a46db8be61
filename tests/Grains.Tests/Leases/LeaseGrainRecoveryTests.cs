using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// A silo that starts on a database with an unreleased lease cannot trust the stored wall-clock expiry
/// to the millisecond (another machine's clock wrote it): it knows the expiry only within
/// Leases:ClockUncertainty either way. It reports the lease held only until the expiry minus the bound,
/// grants it to nobody else until the expiry plus the bound, and lets its holder renew or release it until then.
/// </summary>
public sealed class LeaseGrainRecoveryTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string?> Uncertainty = new()
    {
        ["Leases:ClockUncertainty"] = "00:00:05",
    };

    [Fact]
    public async Task Inside_its_uncertainty_a_recovered_lease_is_neither_reported_held_nor_granted_until_the_bound_has_passed()
    {
        using var database = new TempDatabase();
        var lease = await GrantThenStopAsync(database);

        // The new silo's wall clock is past the stored expiry, but within the uncertainty bound.
        var time = new FakeTimeProvider(Start + Ttl + TimeSpan.FromSeconds(2));
        await using var silo = await TestSilo.StartAsync(database, time, Uncertainty);
        var grain = silo.Lease("orders");

        var refused = await grain.AcquireHeldAsync("worker-2", Ttl);
        var view = await grain.GetAsync();
        Assert.Null(refused.Holder);
        Assert.Equal(TimeSpan.FromSeconds(3), refused.RetryAfter);
        Assert.False(view.Held);
        Assert.Equal(lease.Fence, view.Fence);

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(lease.Fence + 1, (await grain.AcquireGrantedAsync("worker-2", Ttl)).Fence);
    }

    [Fact]
    public async Task A_recovered_lease_is_reported_held_until_its_stored_expiry_minus_the_bound_and_granted_again_only_after_it_plus_the_bound()
    {
        using var database = new TempDatabase();
        var lease = await GrantThenStopAsync(database);

        // 7 s before the stored expiry: surely held for 2 s more (expiry − 5 s), surely over 12 s from now (expiry + 5 s).
        var time = new FakeTimeProvider(Start + Ttl - TimeSpan.FromSeconds(7));
        await using var silo = await TestSilo.StartAsync(database, time, Uncertainty);
        var grain = silo.Lease("orders");

        var view = await grain.GetAsync();
        Assert.True(view.Held);
        Assert.Equal("worker-1", view.Holder);
        Assert.Equal(TimeSpan.FromSeconds(2), view.Remaining);
        Assert.Equal("worker-1", (await grain.AcquireHeldAsync("worker-2", Ttl)).Holder);

        time.Advance(TimeSpan.FromSeconds(3));

        // Past expiry − bound the lease is no longer surely held, so it is not reported held; not yet surely over, so nobody else gets it.
        Assert.False((await grain.GetAsync()).Held);
        Assert.Null((await grain.AcquireHeldAsync("worker-2", Ttl)).Holder);

        time.Advance(TimeSpan.FromSeconds(9));

        Assert.Equal(lease.Fence + 1, (await grain.AcquireGrantedAsync("worker-2", Ttl)).Fence);
    }

    [Theory]
    [InlineData("renew")]
    [InlineData("release")]
    public async Task Inside_its_uncertainty_a_recovered_lease_can_still_be_renewed_or_released_by_its_holder(string how)
    {
        using var database = new TempDatabase();
        var lease = await GrantThenStopAsync(database);

        // 4 s before the stored expiry: past expiry − bound (5 s), so no longer reported held, but maybe still running.
        var time = new FakeTimeProvider(Start + Ttl - TimeSpan.FromSeconds(4));
        await using var silo = await TestSilo.StartAsync(database, time, Uncertainty);
        var grain = silo.Lease("orders");
        Assert.False((await grain.GetAsync()).Held);

        if (how == "renew")
        {
            var renewed = Assert.IsType<LeaseResult.Granted>(await grain.RenewAsync(new RenewLease(lease.LeaseId, Ttl)));
            Assert.Equal(lease.Fence, renewed.Lease.Fence);
            Assert.Equal(Ttl, (await grain.GetAsync()).Remaining);
        }
        else
        {
            Assert.IsType<LeaseResult.Released>(await grain.ReleaseAsync(lease.LeaseId));
            Assert.Equal(lease.Fence + 1, (await grain.AcquireGrantedAsync("worker-2", Ttl)).Fence);
        }
    }

    [Fact]
    public async Task A_recovered_lease_whose_expiry_and_uncertainty_have_passed_is_free_at_once()
    {
        using var database = new TempDatabase();
        var lease = await GrantThenStopAsync(database);

        var time = new FakeTimeProvider(Start + Ttl + TimeSpan.FromSeconds(5));
        await using var silo = await TestSilo.StartAsync(database, time, Uncertainty);

        Assert.Equal(lease.Fence + 1, (await silo.Lease("orders").AcquireGrantedAsync("worker-2", Ttl)).Fence);
    }

    [Fact]
    public async Task A_recovered_lease_can_still_be_renewed_by_its_holder()
    {
        using var database = new TempDatabase();
        var lease = await GrantThenStopAsync(database);

        var time = new FakeTimeProvider(Start + TimeSpan.FromSeconds(1));
        await using var silo = await TestSilo.StartAsync(database, time, Uncertainty);
        var renewed = await silo.Lease("orders").RenewAsync(new RenewLease(lease.LeaseId, Ttl));

        Assert.Equal(lease.Fence, Assert.IsType<LeaseResult.Granted>(renewed).Lease.Fence);
    }

    [Fact]
    public async Task A_lease_released_before_the_restart_is_free_at_once_after_it()
    {
        using var database = new TempDatabase();
        await using (var first = await TestSilo.StartAsync(database, new FakeTimeProvider(Start), Uncertainty))
        {
            var grain = first.Lease("orders");
            await grain.ReleaseReleasedAsync(await grain.AcquireGrantedAsync("worker-1", Ttl));
        }

        await using var second = await TestSilo.StartAsync(database, new FakeTimeProvider(Start), Uncertainty);

        Assert.Equal(2, (await second.Lease("orders").AcquireGrantedAsync("worker-2", Ttl)).Fence);
    }

    private static async Task<Lease> GrantThenStopAsync(TempDatabase database)
    {
        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider(Start), Uncertainty);
        return await silo.Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
    }
}
