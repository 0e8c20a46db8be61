using Leasehold.Testing;
using Leasehold.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace Leasehold.Faults.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PartitionTests
{
    [Fact]
    public async Task Partition_fails_calls_between_two_silos_while_both_still_reach_the_third()
    {
        await using var faulty = await FaultyCluster.StartAsync(responseTimeout: TimeSpan.FromSeconds(2));
        var (a, b, c) = (faulty.Silos[0], faulty.Silos[1], faulty.Silos[2]);
        var onA = await FaultyCluster.GrainOnAsync(a, "on-a");
        var onB = await FaultyCluster.GrainOnAsync(b, "on-b");
        var onC = await FaultyCluster.GrainOnAsync(c, "on-c");
        var fromA = FaultyCluster.GrainsOf(a);
        var fromB = FaultyCluster.GrainsOf(b);
        var fromC = FaultyCluster.GrainsOf(c);
        Assert.Equal(b.SiloAddress, await fromA.GetGrain<IEchoGrain>("on-b").Where());
        Assert.Equal(a.SiloAddress, await fromB.GetGrain<IEchoGrain>("on-a").Where());

        faulty.Cluster.Partition(a, b);

        var aToB = await Assert.ThrowsAnyAsync<Exception>(() => fromA.GetGrain<IEchoGrain>("on-b").Where());
        var bToA = await Assert.ThrowsAnyAsync<Exception>(() => fromB.GetGrain<IEchoGrain>("on-a").Where());
        Assert.True(aToB is TimeoutException or SiloUnavailableException, $"a to b: {aToB}");
        Assert.True(bToA is TimeoutException or SiloUnavailableException, $"b to a: {bToA}");

        Assert.Equal(c.SiloAddress, await fromA.GetGrain<IEchoGrain>("on-c").Where());
        Assert.Equal(c.SiloAddress, await fromB.GetGrain<IEchoGrain>("on-c").Where());
        Assert.Equal(a.SiloAddress, await fromC.GetGrain<IEchoGrain>("on-a").Where());
        Assert.Equal(b.SiloAddress, await fromC.GetGrain<IEchoGrain>("on-b").Where());

        // The third silo vouches for both (indirect probes), so the partition kills nobody.
        Assert.Equal(SiloStatus.Active, FaultyCluster.StatusIn(c, a));
        Assert.Equal(SiloStatus.Active, FaultyCluster.StatusIn(c, b));

        faulty.Cluster.Heal();

        await Eventually.True(
            async () =>
            {
                try
                {
                    return (await fromA.GetGrain<IEchoGrain>("on-b").Where()).Equals(b.SiloAddress);
                }
                catch (TimeoutException)
                {
                    return false;
                }
            },
            FaultyCluster.Detection,
            "a reaches b again after the heal");
        GC.KeepAlive((onA, onB, onC));
    }

    [Fact]
    public async Task One_way_partition_stops_what_a_sends_to_b_but_not_what_b_sends_to_a()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var (a, b) = (faulty.Silos[0], faulty.Silos[1]);
        var onA = await FaultyCluster.GrainOnAsync(a, "notes-on-a");
        var onB = await FaultyCluster.GrainOnAsync(b, "notes-on-b");
        var fromA = FaultyCluster.GrainsOf(a).GetGrain<IEchoGrain>("notes-on-b");
        var fromB = FaultyCluster.GrainsOf(b).GetGrain<IEchoGrain>("notes-on-a");
        Assert.Equal(b.SiloAddress, await fromA.Where());
        Assert.Equal(a.SiloAddress, await fromB.Where());

        faulty.Cluster.Partition(a, b, oneWay: true);
        await fromA.Note();
        await fromB.Note();

        await Eventually.True(async () => await onA.Notes() == 1, TimeSpan.FromSeconds(5), "b's note reaches a");
        Assert.Equal(0, await onB.Notes());

        faulty.Cluster.Heal();

        // Held, not dropped: a's note is delivered once the partition heals.
        await Eventually.True(async () => await onB.Notes() == 1, TimeSpan.FromSeconds(5), "a's held note reaches b after the heal");
    }

    [Fact]
    public async Task Isolated_silo_is_declared_dead_by_the_majority_and_stops_itself_while_still_reaching_the_table()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var (first, second, isolated) = (faulty.Silos[0], faulty.Silos[1], faulty.Silos[2]);

        faulty.Cluster.Isolate(isolated);

        await Eventually.True(
            () => FaultyCluster.StatusIn(first, isolated) == SiloStatus.Dead && FaultyCluster.StatusIn(second, isolated) == SiloStatus.Dead,
            FaultyCluster.Detection,
            () => $"the majority declares the isolated silo dead (they see {FaultyCluster.StatusIn(first, isolated)}, {FaultyCluster.StatusIn(second, isolated)})");

        // Unlike a paused one, it runs and reads the table: it learns its fate without any heal.
        var lifetime = isolated.ServiceProvider.GetRequiredService<IHostApplicationLifetime>();
        await Eventually.True(() => lifetime.ApplicationStopping.IsCancellationRequested, FaultyCluster.Detection, "the isolated silo reads itself dead and stops");

        // Its lone votes never made a majority: the two others are still Active.
        Assert.Equal(SiloStatus.Active, FaultyCluster.StatusIn(first, second));
        Assert.Equal(SiloStatus.Active, FaultyCluster.StatusIn(second, first));
    }
}
