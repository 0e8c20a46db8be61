using System.Net;
using Leasehold.Runtime.Activation;
using Leasehold.Runtime.Membership;
using Leasehold.Runtime.Messaging;

namespace Leasehold.Runtime.Faults;

/// <summary>
/// Injects partial failures into this silo, for the TestCluster and (guarded) for operators through
/// <c>/v1/faults</c>: a stop-the-world pause, dropped or delayed messages to chosen silos (partitions), a skewed wall
/// clock, and an abrupt kill. A kill is like SIGKILL: no goodbye in the membership table, connections cut,
/// activations dropped without their deactivate turn. The survivors must find out by themselves, through missed
/// probes and a majority vote — and whatever a paused or partitioned silo still does is refused by fencing.
/// </summary>
public sealed class FaultController
{
    private readonly ClusterMembershipService _membership;
    private readonly SiloConnections _connections;
    private readonly SiloEndpoint _endpoint;
    private readonly ActivationDirectory _activations;
    private readonly SiloClock? _clock;
    private int _killed;
    private long _pauses;

    internal FaultController(
        ClusterMembershipService membership,
        SiloConnections connections,
        SiloEndpoint endpoint,
        ActivationDirectory activations,
        SiloPause pause,
        NetworkFaults network,
        TimeProvider time)
    {
        _membership = membership;
        _connections = connections;
        _endpoint = endpoint;
        _activations = activations;
        _clock = time as SiloClock;
        PauseGate = pause;
        Network = network;
    }

    /// <summary>This silo's pause gate.</summary>
    public SiloPause PauseGate { get; }

    /// <summary>This silo's network rules.</summary>
    public NetworkFaults Network { get; }

    /// <summary>True once the silo was killed; a killed silo never serves or writes again.</summary>
    public bool IsKilled => Volatile.Read(ref _killed) == 1;

    /// <summary>The wall-clock offset now injected (zero when the silo's clock cannot be skewed).</summary>
    public TimeSpan ClockOffset => _clock?.Offset ?? TimeSpan.Zero;

    /// <summary>
    /// Freezes the silo now, for <paramref name="duration"/> of real time (or until <see cref="Resume"/>). The resume
    /// is timed outside the silo, as the end of a GC or a SIGCONT would be.
    /// </summary>
    public void Pause(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        var pause = Interlocked.Increment(ref _pauses);
        PauseGate.Pause();
        _ = ResumeLaterAsync(pause, duration);
    }

    /// <summary>Ends a pause now.</summary>
    public void Resume()
    {
        Interlocked.Increment(ref _pauses);
        PauseGate.Resume();
    }

    /// <summary>Drops every frame this silo sends to the silo at <paramref name="destination"/> (a one-way partition).</summary>
    public void DropMessagesTo(IPEndPoint destination) => Network.Set(destination, NetworkRule.Dropping);

    /// <summary>Delays every frame this silo sends to the silo at <paramref name="destination"/>.</summary>
    public void DelayMessagesTo(IPEndPoint destination, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Network.Set(destination, NetworkRule.Delaying(delay));
    }

    /// <summary>Removes the network rules (for one destination, or all).</summary>
    public void Heal(IPEndPoint? destination = null) => Network.Clear(destination);

    /// <summary>Sets this silo's wall clock <paramref name="offset"/> from true time, drifting <paramref name="driftPpm"/> parts per million from now.</summary>
    public void SkewClock(TimeSpan offset, double driftPpm = 0)
    {
        var clock = _clock ?? throw new InvalidOperationException("This silo's TimeProvider is not a SiloClock (a test registered its own clock), so it cannot be skewed.");
        clock.Set(offset, driftPpm);
    }

    /// <summary>Kills the silo's runtime at once. Idempotent.</summary>
    public async Task KillAsync()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

        await _membership.KillAsync().ConfigureAwait(false);
        _endpoint.Socket.Close();
        _connections.CloseAll("silo killed");
        _activations.DropAll();
        PauseGate.Resume();
    }

    private async Task ResumeLaterAsync(long pause, TimeSpan duration)
    {
        await Task.Delay(duration, TimeProvider.System).ConfigureAwait(false);
        if (Interlocked.Read(ref _pauses) == pause)
        {
            PauseGate.Resume();
        }
    }
}
