using Leasehold.Testing;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// A silo that starts on a database with an unreleased lease cannot trust the stored wall-clock expiry
/// to the millisecond (another machine's clock wrote it), so it treats the lease as held until that
/// expiry plus Leases:ClockUncertainty.
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
    public async Task A_recovered_lease_is_held_past_its_stored_expiry_until_the_clock_uncertainty_has_passed()
    {
        using var database = new TempDatabase();
        var lease = await GrantThenStopAsync(database);

        // The new silo's wall clock is past the stored expiry, but within the uncertainty bound.
        var time = new ManualTimeProvider(Start + Ttl + TimeSpan.FromSeconds(2));
        await using var silo = await TestSilo.StartAsync(database, time, Uncertainty);
        var grain = silo.Lease("orders");

        Assert.Equal("worker-1", (await grain.AcquireHeldAsync("worker-2", Ttl)).Holder);
        Assert.Equal("worker-1", (await grain.GetAsync()).Holder);

        time.Advance(TimeSpan.FromSeconds(3));

        Assert.False((await grain.GetAsync()).Held);
        Assert.Equal(lease.Fence + 1, (await grain.AcquireGrantedAsync("worker-2", Ttl)).Fence);
    }

    [Fact]
    public async Task A_recovered_lease_whose_expiry_and_uncertainty_have_passed_is_free_at_once()
    {
        using var database = new TempDatabase();
        var lease = await GrantThenStopAsync(database);

        var time = new ManualTimeProvider(Start + Ttl + TimeSpan.FromSeconds(5));
        await using var silo = await TestSilo.StartAsync(database, time, Uncertainty);

        Assert.Equal(lease.Fence + 1, (await silo.Lease("orders").AcquireGrantedAsync("worker-2", Ttl)).Fence);
    }

    [Fact]
    public async Task A_recovered_lease_can_still_be_renewed_by_its_holder()
    {
        using var database = new TempDatabase();
        var lease = await GrantThenStopAsync(database);

        var time = new ManualTimeProvider(Start + TimeSpan.FromSeconds(1));
        await using var silo = await TestSilo.StartAsync(database, time, Uncertainty);
        var renewed = await silo.Lease("orders").RenewAsync(new RenewLease(lease.LeaseId, Ttl));

        Assert.Equal(lease.Fence, Assert.IsType<LeaseResult.Granted>(renewed).Lease.Fence);
    }

    [Fact]
    public async Task A_lease_released_before_the_restart_is_free_at_once_after_it()
    {
        using var database = new TempDatabase();
        await using (var first = await TestSilo.StartAsync(database, new ManualTimeProvider(Start), Uncertainty))
        {
            var grain = first.Lease("orders");
            await grain.ReleaseReleasedAsync(await grain.AcquireGrantedAsync("worker-1", Ttl));
        }

        await using var second = await TestSilo.StartAsync(database, new ManualTimeProvider(Start), Uncertainty);

        Assert.Equal(2, (await second.Lease("orders").AcquireGrantedAsync("worker-2", Ttl)).Fence);
    }

    private static async Task<Lease> GrantThenStopAsync(TempDatabase database)
    {
        await using var silo = await TestSilo.StartAsync(database, new ManualTimeProvider(Start), Uncertainty);
        return await silo.Lease("orders").AcquireGrantedAsync("worker-1", Ttl);
    }
}
