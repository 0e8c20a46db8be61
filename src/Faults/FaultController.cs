using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Leasehold.Faults;

/// <summary>
/// Injects partial failures into this silo, for tests (through <c>InProcessTestCluster</c>'s per-silo services) and,
/// guarded, for operators through <c>/v1/faults</c>: a stop-the-world pause, bytes held or delayed on their way to
/// chosen silos (partitions, one way or both), connections to a silo reset, a skewed wall clock, and a kill that
/// freezes the silo for good so its process can be ended with no goodbye. Graceful stop and restart belong to whoever
/// owns the silo's host (the test cluster, or the process's signals). Whatever a paused or partitioned silo still
/// does when it wakes must be refused by fencing: these faults make the others give up on it, nothing more.
/// </summary>
public sealed partial class FaultController
{
    private readonly FaultsInstruments _instruments;
    private readonly ILogger<FaultController> _logger;
    private readonly ConcurrentDictionary<ConnectionContext, RemoteSilo> _connections = new();
    private long _pauses;
    private int _killed;

    internal FaultController(FaultClock clock, FaultsInstruments instruments, ILogger<FaultController> logger)
    {
        Clock = clock;
        _instruments = instruments;
        _logger = logger;
    }

    /// <summary>This silo's pause gate; membership-table and storage decorators and the grain call filter wait on it.</summary>
    public SiloPause PauseGate { get; } = new();

    /// <summary>This silo's network rules.</summary>
    public NetworkFaults Network { get; } = new();

    /// <summary>This silo's clock (registered as its <see cref="TimeProvider"/>).</summary>
    public FaultClock Clock { get; }

    /// <summary>True while paused.</summary>
    public bool IsPaused => PauseGate.IsPaused;

    /// <summary>True once the silo was killed: it never hears, says, runs or writes anything again.</summary>
    public bool IsKilled => Volatile.Read(ref _killed) == 1;

    /// <summary>The wall-clock offset now injected.</summary>
    public TimeSpan ClockOffset => Clock.Offset;

    /// <summary>Real, unskewed time: what a delay or a timed pause is measured on.</summary>
    internal TimeProvider RealTime => Clock.Inner;

    /// <summary>Freezes the silo until <see cref="Resume"/>: its transport both ways, its grain turns, its table and storage calls.</summary>
    public void Pause()
    {
        Interlocked.Increment(ref _pauses);
        if (PauseGate.Pause())
        {
            _instruments.Injected("pause");
            LogPaused(_logger);
        }
    }

    /// <summary>
    /// Freezes the silo now, for <paramref name="duration"/> of real time (or until <see cref="Resume"/>). The resume is
    /// timed outside the silo's own clock, as the end of a GC or a SIGCONT would be.
    /// </summary>
    public void Pause(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        Pause();
        var pause = Interlocked.Read(ref _pauses);
        _ = ResumeLaterAsync(pause, duration);
    }

    /// <summary>Ends a pause now (not a kill). What was held runs on, and the silo learns what happened while it slept.</summary>
    public void Resume()
    {
        Interlocked.Increment(ref _pauses);
        if (IsKilled)
        {
            return;
        }

        if (PauseGate.Resume())
        {
            _instruments.Injected("resume");
            LogResumed(_logger);
        }
    }

    /// <summary>
    /// Kills the silo as SIGKILL would, seen from outside: a pause that never ends, so not even a graceful stop can
    /// write its goodbye to the membership table, and the others must find out by probing and voting. The owner of
    /// the process ends it next (<c>/v1/faults/kill</c> stops the application). Idempotent.
    /// </summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _killed, 1) == 1)
        {
            return;
        }

        PauseGate.Pause();
        _instruments.Injected("kill");
        LogKilled(_logger);
    }

    /// <summary>
    /// For an owner that ends a killed silo by disposing its host in the same process (a test) rather than by ending the
    /// process: resets its connections and lets its frozen calls go, so the host's stop does not wait on them (Orleans'
    /// stop awaits a membership-table write, and would sit out its retries behind the kill's pause). The silo stays
    /// killed; only its teardown runs.
    /// </summary>
    public void ReleaseForTeardown()
    {
        if (IsKilled)
        {
            AbortAllConnections();
            PauseGate.Resume();
        }
    }

    /// <summary>
    /// Resets every open connection between this silo and the silo at <paramref name="destination"/> (a TCP reset, as
    /// a restarted switch or a NAT dropping its table would cause). Orleans reconnects when it next sends; messages in
    /// flight on those connections fail. Returns how many connections were reset.
    /// </summary>
    public int AbortConnectionsTo(IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var target = RemoteSilo.Normalize(destination);
        var aborted = 0;
        foreach (var (connection, remote) in _connections)
        {
            if (target!.Equals(remote.Endpoint))
            {
                connection.Abort(new ConnectionAbortedException($"Fault injected: connection to {destination} reset."));
                aborted++;
            }
        }

        _instruments.Injected("abort");
        LogAborted(_logger, destination, aborted);
        return aborted;
    }

    /// <summary>
    /// Resets every open connection of this silo — to other silos and from clients through its gateway — as the kernel
    /// does to the sockets of a process that dies. Returns how many connections were reset.
    /// </summary>
    public int AbortAllConnections()
    {
        var aborted = 0;
        foreach (var connection in _connections.Keys)
        {
            connection.Abort(new ConnectionAbortedException("Fault injected: every connection of this silo reset."));
            aborted++;
        }

        _instruments.Injected("abort");
        LogAbortedAll(_logger, aborted);
        return aborted;
    }

    /// <summary>How many connections between this silo and the silo at <paramref name="destination"/> are open (either side may have dialled).</summary>
    public int OpenConnectionsTo(IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var target = RemoteSilo.Normalize(destination);
        return _connections.Values.Count(remote => target!.Equals(remote.Endpoint));
    }

    /// <summary>Holds every byte this silo sends to the silo at <paramref name="destination"/> (a one-way partition).</summary>
    public void DropMessagesTo(IPEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Network.Set(RemoteSilo.Normalize(destination)!, NetworkRule.Dropping);
        _instruments.Injected("drop");
        LogDropping(_logger, destination);
    }

    /// <summary>Delays every flush this silo sends to the silo at <paramref name="destination"/> by <paramref name="delay"/>.</summary>
    public void DelayMessagesTo(IPEndPoint destination, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        Network.Set(RemoteSilo.Normalize(destination)!, NetworkRule.Delaying(delay));
        _instruments.Injected("delay");
        LogDelaying(_logger, destination, delay.TotalMilliseconds);
    }

    /// <summary>Removes the network rules (for one destination, or all); held bytes are delivered.</summary>
    public void Heal(IPEndPoint? destination = null)
    {
        Network.Clear(RemoteSilo.Normalize(destination));
        _instruments.Injected("heal");
        LogHealed(_logger, destination?.ToString() ?? "every silo");
    }

    /// <summary>Sets this silo's wall clock <paramref name="offset"/> from true time, drifting <paramref name="driftPpm"/> parts per million from now.</summary>
    public void SkewClock(TimeSpan offset, double driftPpm = 0)
    {
        if (!double.IsFinite(driftPpm))
        {
            throw new ArgumentOutOfRangeException(nameof(driftPpm), driftPpm, "The drift must be a finite number of parts per million.");
        }

        Clock.Set(offset, driftPpm);
        _instruments.Injected("clock");
        LogSkewed(_logger, offset.TotalMilliseconds, driftPpm);
    }

    internal void OnBytesHeld() => _instruments.FlushHeld();

    /// <summary>Tracks an open connection (until <see cref="Untrack"/>, when it ends), so <see cref="AbortConnectionsTo"/> can find it.</summary>
    internal void Track(ConnectionContext connection, RemoteSilo remote) => _connections[connection] = remote;

    internal void Untrack(ConnectionContext connection) => _connections.TryRemove(connection, out _);

    private async Task ResumeLaterAsync(long pause, TimeSpan duration)
    {
        await Task.Delay(duration, RealTime).ConfigureAwait(false);
        if (Interlocked.Read(ref _pauses) == pause)
        {
            Resume();
        }
    }
}
