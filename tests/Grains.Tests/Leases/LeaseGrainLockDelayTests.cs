using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Leases;

public sealed class LeaseGrainLockDelayTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private static readonly Dictionary<string, string?> LockDelay = new()
    {
        ["Leases:LockDelay"] = "00:00:05",
    };

    [Fact]
    public async Task After_an_expiry_nobody_acquires_until_the_lock_delay_has_passed()
    {
        using var database = new TempDatabase();
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(database, time, LockDelay);
        var grain = silo.Lease("orders");
        var lease = await grain.AcquireGrantedAsync("worker-1", Ttl);

        time.Advance(Ttl);

        Assert.Equal(new LeaseResult.Held(null, lease.Fence, TimeSpan.FromSeconds(5)), await grain.AcquireHeldAsync("worker-2", Ttl));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(lease.Fence + 1, (await grain.AcquireGrantedAsync("worker-2", Ttl)).Fence);
    }

    [Fact]
    public async Task After_a_release_the_lock_delay_does_not_apply()
    {
        using var database = new TempDatabase();
        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider(), LockDelay);
        var grain = silo.Lease("orders");
        await grain.ReleaseReleasedAsync(await grain.AcquireGrantedAsync("worker-1", Ttl));

        await grain.AcquireGrantedAsync("worker-2", Ttl);
    }

    [Fact]
    public async Task After_the_last_shared_hold_expires_no_writer_acquires_until_the_lock_delay_has_passed()
    {
        using var database = new TempDatabase();
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(database, time, LockDelay);
        var grain = silo.Lease("orders");
        var reader = await grain.AcquireSharedGrantedAsync("reader-1", Ttl);
        await grain.AcquireSharedGrantedAsync("reader-2", Ttl + TimeSpan.FromSeconds(2));

        time.Advance(Ttl + TimeSpan.FromSeconds(2));

        Assert.Equal(new LeaseResult.Held(null, reader.Fence, TimeSpan.FromSeconds(5)), await grain.AcquireHeldAsync("writer", Ttl));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(reader.Fence + 1, (await grain.AcquireGrantedAsync("writer", Ttl)).Fence);
    }
}
