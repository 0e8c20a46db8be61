using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Leases;

/// <summary>The line of waiters is bounded (<c>Leases:MaxWaiters</c>): one more is refused at once, not queued.</summary>
public sealed class LeaseGrainLineLimitTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task When_the_line_is_full_another_acquire_is_refused_at_once_and_the_line_keeps_its_order()
    {
        using var database = new TempDatabase();
        var time = new FakeTimeProvider();
        await using var silo = await TestSilo.StartAsync(database, time, new Dictionary<string, string?> { ["Leases:MaxWaiters"] = "2" });
        var grain = silo.Lease("orders");
        var held = await grain.AcquireGrantedAsync("holder", Ttl);
        var first = grain.AcquireAsync(new AcquireLease("waiter-1", Ttl, TimeSpan.FromSeconds(30)));
        await Eventually.True(async () => (await grain.GetAsync()).Waiters == 1, TimeSpan.FromSeconds(10), "waiter 1 is in line");
        var second = grain.AcquireAsync(new AcquireLease("waiter-2", Ttl, TimeSpan.FromSeconds(30)));
        await Eventually.True(async () => (await grain.GetAsync()).Waiters == 2, TimeSpan.FromSeconds(10), "waiter 2 is in line");

        var third = await grain.AcquireAsync(new AcquireLease("waiter-3", Ttl, TimeSpan.FromSeconds(30)));
        await grain.ReleaseReleasedAsync(held);

        Assert.Equal(new LeaseResult.LineFull(2), third);
        Assert.Equal("waiter-1", Assert.IsType<LeaseResult.Granted>(await first).Lease.Holder);
        Assert.False(second.IsCompleted);
    }
}
