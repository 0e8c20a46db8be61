namespace Leasehold.Faults;

/// <summary>
/// The silo's <see cref="TimeProvider"/>: another provider's (the system's by default), with an injectable wall-clock
/// error — an offset (a clock that jumped forward or back) and a drift in parts per million (a clock that runs fast
/// or slow). Only <see cref="GetUtcNow"/> is skewed: timestamps and timers stay on the inner monotonic clock, as
/// CLOCK_MONOTONIC does when NTP steps the wall clock. Orleans resolves its clocks per area
/// (<c>Orleans.Runtime.TimeProviderNames</c>) and every area not pinned falls back to this one, so a skew reaches
/// what the silo stamps with the wall clock (membership heartbeats and votes, grain-visible time) and nothing it times.
/// </summary>
public sealed class FaultClock(TimeProvider inner) : TimeProvider
{
    private Skew _skew = new(TimeSpan.Zero, 0, inner.GetTimestamp());

    /// <summary>The unskewed clock underneath.</summary>
    public TimeProvider Inner => inner;

    /// <summary>The current offset of this silo's wall clock from the inner one.</summary>
    public TimeSpan Offset => OffsetAt(Volatile.Read(ref _skew));

    /// <summary>The drift now in force, in parts per million.</summary>
    public double DriftPpm => Volatile.Read(ref _skew).DriftPpm;

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + OffsetAt(Volatile.Read(ref _skew));

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>Sets the wall clock <paramref name="offset"/> from the inner clock now, drifting by <paramref name="driftPpm"/> from here on.</summary>
    internal void Set(TimeSpan offset, double driftPpm) => Volatile.Write(ref _skew, new Skew(offset, driftPpm, inner.GetTimestamp()));

    private TimeSpan OffsetAt(Skew skew) =>
        skew.DriftPpm == 0
            ? skew.Offset
            : skew.Offset + TimeSpan.FromTicks((long)(inner.GetElapsedTime(skew.Since).Ticks * skew.DriftPpm / 1_000_000));

    private sealed record Skew(TimeSpan Offset, double DriftPpm, long Since);
}
