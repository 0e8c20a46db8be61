using Microsoft.Extensions.DependencyInjection;
using Leasehold.Grains.Tests.Leases;
using Orleans.Runtime;

namespace Leasehold.Grains.Tests;

/// <summary>What every other test here stands on: the silo is Orleans', its grains are the Orleans ones, and the test's clock is the grains' alone.</summary>
public sealed class TestSiloTests(SharedSilo shared) : SiloTest(shared)
{
    [Fact]
    public async Task Leases_and_objects_are_served_by_the_Orleans_grains_on_an_Orleans_silo()
    {
        await Lease("orders").GetAsync();
        await Silo.ShardFor(Name("orders.txt")).GetAsync(Name("orders.txt"));

        var management = Silo.Grains.GetGrain<IManagementGrain>(0);
        var activations = await management.GetDetailedGrainStatistics();

        Assert.Contains(activations, a => a.GrainId.Key.ToString() == Name("orders") && IsOf<Leasehold.Grains.Leases.LeaseGrain>(a));
        Assert.Contains(activations, a => a.GrainId.Key.ToString() == ObjectShards.ShardOf(Name("orders.txt"), 64) && IsOf<Leasehold.Grains.Objects.ObjectShardGrain>(a));
    }

    /// <summary>Orleans names an activation's class with its assembly: "Namespace.Type,Assembly".</summary>
    private static bool IsOf<TGrain>(DetailedGrainStatistic activation) =>
        activation.GrainType == $"{typeof(TGrain).FullName},{typeof(TGrain).Assembly.GetName().Name}";

    [Fact]
    public void The_test_clock_is_the_grains_clock_and_no_other_area_of_the_silo_sees_it()
    {
        Assert.Same(Clock, Silo.Services.GetRequiredKeyedService<TimeProvider>(TimeProviderNames.Grains));
        foreach (var area in new[] { TimeProviderNames.Membership, TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory })
        {
            Assert.Same(TimeProvider.System, Silo.Services.GetRequiredKeyedService<TimeProvider>(area));
        }

        Assert.Same(TimeProvider.System, Silo.Services.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task Moving_the_test_clock_by_hours_expires_leases_but_leaves_the_silo_serving()
    {
        var lease = await Lease("orders").AcquireGrantedAsync("worker-1", TimeSpan.FromSeconds(30));

        // On a clock shared with membership and messaging this would fire their timers hours early: calls timed out,
        // the silo's own liveness in doubt. Only the grains see it.
        Time.Advance(TimeSpan.FromHours(3));

        Assert.False((await Lease("orders").GetAsync()).Held);
        Assert.Equal(lease.Fence + 1, (await Lease("orders").AcquireGrantedAsync("worker-2", TimeSpan.FromSeconds(30))).Fence);
        var silos = await Silo.Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true);
        Assert.Equal(SiloStatus.Active, Assert.Single(silos).Value);
    }
}
