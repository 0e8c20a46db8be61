using System.Net;
using Microsoft.Extensions.Logging;

namespace Leasehold.Faults;

/// <summary>
/// Injects partial failures into this silo, for tests (through <c>InProcessTestCluster</c>'s per-silo services) and,
/// guarded, for operators through <c>/v1/faults</c>: a stop-the-world pause, bytes held or delayed on their way to
/// chosen silos (partitions, one way or both), and a skewed wall clock. Kill, graceful stop and restart belong to
/// whoever owns the silo's host (the test cluster, or the process's signals). Whatever a paused or partitioned silo
/// still does when it wakes must be refused by fencing: these faults make the others give up on it, nothing more.
/// </summary>
public sealed partial class FaultController
{
    private readonly FaultsInstruments _instruments;
    private readonly ILogger<FaultController> _logger;
    private long _pauses;

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

    /// <summary>Ends a pause now. What was held runs on, and the silo learns what happened while it slept.</summary>
    public void Resume()
    {
        Interlocked.Increment(ref _pauses);
        if (PauseGate.Resume())
        {
            _instruments.Injected("resume");
            LogResumed(_logger);
        }
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

    internal void OnBytesHeld(IPEndPoint? destination) => _instruments.FlushHeld();

    private async Task ResumeLaterAsync(long pause, TimeSpan duration)
    {
        await Task.Delay(duration, RealTime).ConfigureAwait(false);
        if (Interlocked.Read(ref _pauses) == pause)
        {
            Resume();
        }
    }
}
