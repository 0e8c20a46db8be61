using Leasehold.Faults;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Leasehold.TestingHost;

/// <summary>
/// The faults of a cluster built with <see cref="FaultsTestClusterBuilderExtensions.AddLeaseholdFaults"/>: pause,
/// partition (both ways or one way), isolate, delay, heal and clock skew through each silo's <see cref="FaultController"/>,
/// and kill, stop and restart through <see cref="InProcessTestCluster"/> itself (a paused silo is resumed first, so
/// its host can stop). Every silo also shares the cluster's in-process membership table and, by default, its
/// in-process grain directory: see docs/faults.md ("On Orleans") for what that hides.
/// </summary>
public static class FaultsTestClusterExtensions
{
    /// <summary>The fault controller of <paramref name="silo"/>.</summary>
    public static FaultController GetFaultController(this InProcessTestCluster cluster, InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(silo);
        return silo.ServiceProvider.GetService<FaultController>()
            ?? throw new InvalidOperationException($"Silo {silo.Name} has no FaultController: build the cluster with AddLeaseholdFaults().");
    }

    /// <summary>The fault controller of the silo at <paramref name="silo"/> (through <see cref="InProcessTestCluster.GetSiloServiceProvider"/>).</summary>
    public static FaultController GetFaultController(this InProcessTestCluster cluster, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(silo);
        return cluster.GetSiloServiceProvider(silo).GetService<FaultController>()
            ?? throw new InvalidOperationException($"Silo {silo} has no FaultController: build the cluster with AddLeaseholdFaults().");
    }

    /// <summary>The fault controller of the silo at <paramref name="index"/> in <see cref="InProcessTestCluster.Silos"/>.</summary>
    public static FaultController GetFaultController(this InProcessTestCluster cluster, int index)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.GetFaultController(cluster.Silos[index]);
    }

    /// <summary>
    /// Freezes <paramref name="silo"/> as SIGSTOP would: its transport both ways, its grain turns, its table and storage
    /// calls. With a <paramref name="duration"/>, it resumes by itself after that much real time.
    /// </summary>
    public static void Pause(this InProcessTestCluster cluster, InProcessSiloHandle silo, TimeSpan? duration = null)
    {
        var faults = cluster.GetFaultController(silo);
        if (duration is { } d)
        {
            faults.Pause(d);
        }
        else
        {
            faults.Pause();
        }
    }

    /// <summary>Ends a pause of <paramref name="silo"/>.</summary>
    public static void Resume(this InProcessTestCluster cluster, InProcessSiloHandle silo) => cluster.GetFaultController(silo).Resume();

    /// <summary>
    /// Cuts the network between <paramref name="a"/> and <paramref name="b"/>: nothing passes between them, in both
    /// directions, or only from <paramref name="a"/> to <paramref name="b"/> when <paramref name="oneWay"/>. Both still
    /// reach the membership table and storage, as a partition of the silos' network would leave them.
    /// </summary>
    public static void Partition(this InProcessTestCluster cluster, InProcessSiloHandle a, InProcessSiloHandle b, bool oneWay = false)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        cluster.GetFaultController(a).DropMessagesTo(b.SiloAddress.Endpoint);
        if (!oneWay)
        {
            cluster.GetFaultController(b).DropMessagesTo(a.SiloAddress.Endpoint);
        }
    }

    /// <summary>Cuts <paramref name="silo"/> off from every other silo of the cluster, both ways.</summary>
    public static void Isolate(this InProcessTestCluster cluster, InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var other in cluster.Silos.Where(s => s != silo))
        {
            cluster.Partition(silo, other);
        }
    }

    /// <summary>Delays everything <paramref name="from"/> sends to <paramref name="to"/> by <paramref name="delay"/> (one way).</summary>
    public static void Delay(this InProcessTestCluster cluster, InProcessSiloHandle from, InProcessSiloHandle to, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(to);
        cluster.GetFaultController(from).DelayMessagesTo(to.SiloAddress.Endpoint, delay);
    }

    /// <summary>Removes every partition and delay between the cluster's silos; what was held is delivered.</summary>
    public static void Heal(this InProcessTestCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var silo in cluster.Silos)
        {
            cluster.GetFaultController(silo).Heal();
        }
    }

    /// <summary>Skews <paramref name="silo"/>'s wall clock by <paramref name="offset"/> (and <paramref name="driftPpm"/>); its monotonic clock is untouched.</summary>
    public static void Skew(this InProcessTestCluster cluster, InProcessSiloHandle silo, TimeSpan offset, double driftPpm = 0) =>
        cluster.GetFaultController(silo).SkewClock(offset, driftPpm);

    /// <summary>Kills <paramref name="silo"/> as SIGKILL would (no goodbye in the table), resuming it first if it is paused.</summary>
    public static Task KillAsync(this InProcessTestCluster cluster, InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ResumeIfPaused(silo);
        return cluster.KillSiloAsync(silo);
    }

    /// <summary>Stops <paramref name="silo"/> gracefully, resuming it first if it is paused.</summary>
    public static Task StopAsync(this InProcessTestCluster cluster, InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ResumeIfPaused(silo);
        return cluster.StopSiloAsync(silo);
    }

    /// <summary>Stops <paramref name="silo"/> and starts a new generation of it (with fresh faults), resuming it first if it is paused.</summary>
    public static async Task<InProcessSiloHandle> RestartAsync(this InProcessTestCluster cluster, InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ResumeIfPaused(silo);
        return await cluster.RestartSiloAsync(silo).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Silo {silo.Name} was not restarted.");
    }

    private static void ResumeIfPaused(InProcessSiloHandle silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        if (silo.ServiceProvider.GetService<FaultController>() is { IsPaused: true } faults)
        {
            faults.Resume();
        }
    }
}
