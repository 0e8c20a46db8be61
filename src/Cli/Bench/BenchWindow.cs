using System.Diagnostics;

namespace Leasehold.Cli.Bench;

/// <summary>
/// The phases of a run on the monotonic clock: warm-up (clients run, nothing is recorded), recording, and the end
/// (clients finish the request they are in and stop). A request counts when it completes inside the recording phase.
/// </summary>
internal sealed class BenchWindow
{
    private readonly long _recordFrom;
    private readonly long _recordUntil;
    private volatile bool _closed;

    /// <summary>A window that opens after <paramref name="warmup"/> and records for <paramref name="duration"/>; null duration: until <see cref="Close"/>.</summary>
    public BenchWindow(TimeSpan warmup, TimeSpan? duration)
    {
        Started = Stopwatch.GetTimestamp();
        _recordFrom = Started + ToTicks(warmup);
        _recordUntil = duration is { } d ? _recordFrom + ToTicks(d) : long.MaxValue;
    }

    public long Started { get; }

    public bool Running => !_closed && Stopwatch.GetTimestamp() < _recordUntil;

    public bool Recording
    {
        get
        {
            var now = Stopwatch.GetTimestamp();
            return now >= _recordFrom && now < _recordUntil;
        }
    }

    public bool WarmingUp => Stopwatch.GetTimestamp() < _recordFrom;

    /// <summary>Time spent recording so far (at most the duration).</summary>
    public TimeSpan Recorded
    {
        get
        {
            var now = Math.Min(Stopwatch.GetTimestamp(), _recordUntil);
            return now <= _recordFrom ? TimeSpan.Zero : Stopwatch.GetElapsedTime(_recordFrom, now);
        }
    }

    public void Close() => _closed = true;

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
