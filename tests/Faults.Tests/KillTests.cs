using Leasehold.Testing;
using Leasehold.TestingHost;
using Orleans.Runtime;

namespace Leasehold.Faults.Tests;

[Collection(ClusterCollection.Name)]
public sealed class KillTests
{
    [Fact]
    public async Task Killed_silo_is_declared_dead_by_the_others_and_a_restarted_one_joins_with_fresh_faults()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var (first, second, victim) = (faulty.Silos[0], faulty.Silos[1], faulty.Silos[2]);
        faulty.Cluster.Pause(victim);

        await faulty.Cluster.KillAsync(victim);

        await Eventually.True(
            () => FaultyCluster.StatusIn(first, victim) == SiloStatus.Dead && FaultyCluster.StatusIn(second, victim) == SiloStatus.Dead,
            FaultyCluster.Detection,
            () => $"the others declare the killed silo dead (they see {FaultyCluster.StatusIn(first, victim)}, {FaultyCluster.StatusIn(second, victim)})");

        var restarted = await faulty.Cluster.RestartAsync(second);
        Assert.False(faulty.Faults(restarted).IsPaused);
        await Eventually.True(
            () => FaultyCluster.StatusIn(first, restarted) == SiloStatus.Active,
            FaultyCluster.Detection,
            "the restarted silo joins");
    }

    [Fact]
    public async Task Stopping_a_paused_silo_resumes_it_first_so_its_host_can_stop()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var (first, stopped) = (faulty.Silos[0], faulty.Silos[2]);
        var faults = faulty.Faults(stopped);
        faulty.Cluster.Pause(stopped);

        await faulty.Cluster.StopAsync(stopped).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(faults.IsPaused);
        Assert.DoesNotContain(stopped, faulty.Cluster.Silos);
        await Eventually.True(() => FaultyCluster.StatusIn(first, stopped) == SiloStatus.Dead, TimeSpan.FromSeconds(10), "the others see the stopped silo's goodbye");
    }
}
