using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> whose wall clock can also be stepped alone, as NTP steps it. Kept because
/// FakeTimeProvider derives its timestamps from its UtcNow (and refuses to go back), so stepping its wall clock
/// would move the monotonic clock too; here timestamps and timers stay on <see cref="Time"/>.
/// </summary>
public sealed class SteppableWallClock(FakeTimeProvider time) : TimeProvider
{
    private long _offsetTicks;

    /// <summary>The clock underneath: moving it moves both clocks and fires timers.</summary>
    public FakeTimeProvider Time => time;

    public override DateTimeOffset GetUtcNow() => time.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() => time.GetTimestamp();

    public override long TimestampFrequency => time.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => time.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        time.CreateTimer(callback, state, dueTime, period);

    /// <summary>Steps the wall clock alone, forward or back; monotonic time and timers are untouched.</summary>
    public void StepWallClock(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
