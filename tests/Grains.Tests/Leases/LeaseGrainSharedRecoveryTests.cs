using Leasehold.Diagnostics;
using Leasehold.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>
/// A silo that takes over shared holds from storage reads each one's stored expiry with the clock-uncertainty bound, as it
/// does the exclusive lease's: surely held until the expiry minus the bound, surely over after it plus the bound. No writer
/// gets in before the last reader's stored expiry plus the bound.
/// </summary>
public sealed class LeaseGrainSharedRecoveryTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string?> Uncertainty = new()
    {
        ["Leases:ClockUncertainty"] = "00:00:05",
    };

    [Fact]
    public async Task Recovered_readers_are_listed_held_once_each_and_one_readers_release_leaves_the_other_listed()
    {
        using var database = new TempDatabase();
        Lease first;
        await using (var before = await TestSilo.StartAsync(database, new FakeTimeProvider(Start), Uncertainty))
        {
            first = await before.Lease("orders").AcquireSharedGrantedAsync("reader-1", Ttl);
            await before.Lease("orders").AcquireSharedGrantedAsync("reader-2", Ttl);
        }

        // 1 s on: each reader is surely held 4 s more (10 s − 1 s − the 5 s bound).
        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider(Start + TimeSpan.FromSeconds(1)), Uncertainty);
        var grain = silo.Lease("orders");
        var held = silo.Services.GetRequiredService<LeaseholdInstruments>().Leases;

        Assert.True((await grain.GetAsync()).Held);
        Assert.Equal(["reader-1", "reader-2"], held.List().Soonest.Select(l => l.Holder).Order());
        Assert.Equal(2, held.CountHeld());

        await grain.ReleaseReleasedAsync(first);

        Assert.Equal("reader-2", Assert.Single(held.List().Soonest).Holder);
        Assert.Equal(1, held.CountHeld());
    }

    [Fact]
    public async Task Recovered_readers_keep_a_writer_out_until_the_last_stored_expiry_plus_the_bound()
    {
        using var database = new TempDatabase();
        Lease first, second;
        await using (var before = await TestSilo.StartAsync(database, new FakeTimeProvider(Start), Uncertainty))
        {
            first = await before.Lease("orders").AcquireSharedGrantedAsync("reader-1", Ttl);
            second = await before.Lease("orders").AcquireSharedGrantedAsync("reader-2", Ttl + TimeSpan.FromSeconds(2));
        }

        // 7 s before the first stored expiry: reader-1 surely holds 2 s more; reader-2, 4 s; reader-2 is surely over in 14 s.
        var time = new FakeTimeProvider(Start + Ttl - TimeSpan.FromSeconds(7));
        await using var silo = await TestSilo.StartAsync(database, time, Uncertainty);
        var grain = silo.Lease("orders");

        var view = await grain.GetAsync();
        Assert.Equal((true, LeaseMode.Shared), (view.Held, view.Mode));
        Assert.Equal(["reader-1", "reader-2"], view.SharedHolders.Select(h => h.Holder));
        Assert.Equal(new LeaseResult.Held("reader-1", first.Fence, TimeSpan.FromSeconds(14)), await grain.AcquireHeldAsync("writer", Ttl));

        time.Advance(TimeSpan.FromSeconds(5));

        // Past both expiries − bound: neither is reported held, yet neither is surely over, so the writer stays out.
        Assert.False((await grain.GetAsync()).Held);
        Assert.IsType<LeaseResult.Held>(await grain.AcquireAsync(new AcquireLease("writer", Ttl, TimeSpan.Zero)));
        // Inside its uncertainty the reader may still renew: same lease, same fence.
        var renewed = Assert.IsType<LeaseResult.Granted>(await grain.RenewAsync(new RenewLease(first.LeaseId, Ttl))).Lease;
        Assert.Equal((first.Fence, LeaseMode.Shared), (renewed.Fence, renewed.Mode));
        await grain.ReleaseReleasedAsync(renewed);

        time.Advance(TimeSpan.FromSeconds(8));
        Assert.IsType<LeaseResult.Held>(await grain.AcquireAsync(new AcquireLease("writer", Ttl, TimeSpan.Zero)));
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(second.Fence + 1, (await grain.AcquireGrantedAsync("writer", Ttl)).Fence);
        var changes = await silo.Grains.GetGrain<ILeaseWatchGrain>("orders").GetChangesAsync(0);
        Assert.Contains(changes.Changes, c => c is { Kind: LeaseChangeKind.Lost, Holder: "reader-2", Mode: LeaseMode.Shared });
    }

    [Fact]
    public async Task A_reader_may_join_a_recovered_epoch_with_its_fence()
    {
        using var database = new TempDatabase();
        Lease first;
        await using (var before = await TestSilo.StartAsync(database, new FakeTimeProvider(Start), Uncertainty))
        {
            first = await before.Lease("orders").AcquireSharedGrantedAsync("reader-1", Ttl);
        }

        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider(Start + TimeSpan.FromSeconds(1)), Uncertainty);

        Assert.Equal(first.Fence, (await silo.Lease("orders").AcquireSharedGrantedAsync("reader-2", Ttl)).Fence);
    }
}
