using Leasehold.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Grains.Tests.Leases;

public sealed class LeaseGrainFenceTests
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Each_grant_carries_a_larger_fence_than_the_one_before()
    {
        using var database = new TempDatabase();
        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider());
        var lease = silo.Lease("orders");

        var fences = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var granted = await lease.AcquireGrantedAsync($"worker-{i % 2}", Ttl);
            fences.Add(granted.Fence);
            await lease.ReleaseReleasedAsync(granted);
        }

        Assert.Equal([1, 2, 3, 4, 5], fences);
    }

    [Fact]
    public async Task Fences_keep_growing_after_the_silo_restarts_on_the_same_database()
    {
        using var database = new TempDatabase();
        long before;
        await using (var first = await TestSilo.StartAsync(database, new FakeTimeProvider()))
        {
            var lease = first.Lease("orders");
            for (var i = 0; i < 3; i++)
            {
                await lease.ReleaseReleasedAsync(await lease.AcquireGrantedAsync("worker", Ttl));
            }

            before = (await lease.GetAsync()).Fence;
        }

        await using var second = await TestSilo.StartAsync(database, new FakeTimeProvider());
        var after = await second.Lease("orders").AcquireGrantedAsync("worker", Ttl);

        Assert.Equal(3, before);
        Assert.True(after.Fence > before, $"fence {after.Fence} after restart, {before} before");
    }

    [Fact]
    public async Task Each_resource_counts_its_own_fences()
    {
        using var database = new TempDatabase();
        await using var silo = await TestSilo.StartAsync(database, new FakeTimeProvider());
        var orders = silo.Lease("orders");
        await orders.ReleaseReleasedAsync(await orders.AcquireGrantedAsync("worker", Ttl));

        var invoices = await silo.Lease("invoices").AcquireGrantedAsync("worker", Ttl);

        Assert.Equal(1, invoices.Fence);
        Assert.Equal(1, (await orders.GetAsync()).Fence);
    }
}
