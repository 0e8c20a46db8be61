using Leasehold.Testing;
using Leasehold.TestingHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;
using Orleans.Storage;

namespace Leasehold.Faults.Tests;

[Collection(ClusterCollection.Name)]
public sealed class PauseTests
{
    [Fact]
    public async Task Paused_silo_is_declared_dead_by_the_majority_and_stops_itself_after_resume()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var (first, second, paused) = (faulty.Silos[0], faulty.Silos[1], faulty.Silos[2]);

        // AddLeaseholdFaults() put the cluster's shared table and the silo's named storage behind its pause gate.
        Assert.IsType<PausingMembershipTable>(paused.ServiceProvider.GetRequiredService<IMembershipTable>());
        Assert.IsType<PausingGrainStorage>(paused.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(FaultyCluster.StorageName));

        faulty.Cluster.Pause(paused);

        await Eventually.True(
            () => FaultyCluster.StatusIn(first, paused) == SiloStatus.Dead && FaultyCluster.StatusIn(second, paused) == SiloStatus.Dead,
            FaultyCluster.Detection,
            () => $"the others declare the paused silo dead (they see {FaultyCluster.StatusIn(first, paused)}, {FaultyCluster.StatusIn(second, paused)})");

        // Its table calls are held: like a stopped process, it cannot learn of its death, though it would read the
        // shared table every TableRefreshTimeout (1 s) if it ran. Watched for three refreshes' worth of time.
        var lifetime = paused.ServiceProvider.GetRequiredService<IHostApplicationLifetime>();
        var stoppedWhilePaused = await Task.WhenAny(
            Task.Delay(Timeout.InfiniteTimeSpan, lifetime.ApplicationStopping).ContinueWith(_ => true, TaskScheduler.Default),
            Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(_ => false, TaskScheduler.Default));
        Assert.False(await stoppedWhilePaused, "the paused silo read the table and stopped itself while paused");
        Assert.Equal(SiloStatus.Active, FaultyCluster.StatusIn(paused, paused));

        faulty.Cluster.Resume(paused);

        await Eventually.True(
            () => lifetime.ApplicationStopping.IsCancellationRequested,
            FaultyCluster.Detection,
            () => $"the resumed silo reads itself dead and stops (it sees itself {FaultyCluster.StatusIn(paused, paused)})");
    }

    [Fact]
    public async Task Paused_silo_holds_its_grain_calls_until_it_resumes()
    {
        await using var faulty = await FaultyCluster.StartAsync();
        var (caller, paused) = (faulty.Silos[0], faulty.Silos[2]);
        var grain = await FaultyCluster.GrainOnAsync(paused, "held");
        var remote = FaultyCluster.GrainsOf(caller).GetGrain<IEchoGrain>("held");
        Assert.Equal(paused.SiloAddress, await remote.Where());

        faulty.Cluster.Pause(paused);
        var local = grain.Where();
        var fromOtherSilo = remote.Where();
        var fromClient = faulty.Cluster.Client.GetGrain<IEchoGrain>("held").Where();

        // Well inside the detection time (two missed one-second probes), so nobody gives up on the silo meanwhile.
        var observed = await Task.WhenAny(Task.WhenAll(local, fromOtherSilo, fromClient), Task.Delay(TimeSpan.FromMilliseconds(400)));
        Assert.False(local.IsCompleted, "a call from the paused silo's own grain factory waits at the grain call filter");
        Assert.False(fromOtherSilo.IsCompleted, "a call from another silo waits in the paused silo's transport");
        Assert.False(fromClient.IsCompleted, "a call from the cluster's client waits in a gateway's or the paused silo's transport");

        faulty.Cluster.Resume(paused);

        Assert.Equal(paused.SiloAddress, await local.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(paused.SiloAddress, await fromOtherSilo.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(paused.SiloAddress, await fromClient.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.NotNull(observed);
    }
}
