using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Leasehold.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that can say whether a timer is armed. Kept because FakeTimeProvider keeps its
/// timers to itself, and a test must know that code on another thread has armed its timer before it moves time
/// (a timer armed after <see cref="FakeTimeProvider.Advance"/> counts from the new time and never fires).
/// </summary>
public sealed class TimerWatchingTimeProvider : FakeTimeProvider
{
    private readonly ConcurrentDictionary<WatchedTimer, byte> _timers = new();

    /// <summary>Whether some timer is armed to fire after now and within <paramref name="span"/> from now.</summary>
    public bool HasTimerDueWithin(TimeSpan span)
    {
        var now = GetTimestamp();
        return _timers.Keys.Any(t => t.DueAt is { } due && due > now && due <= now + span.Ticks);
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var watched = new WatchedTimer(this);
        _timers[watched] = 0;

        // Armed before the inner timer exists: a timer due at once fires inside CreateTimer.
        watched.Arm(dueTime, period);
        watched.Inner = base.CreateTimer(
            static s =>
            {
                var (timer, callback, state) = ((WatchedTimer, TimerCallback, object?))s!;
                timer.Fired();
                callback(state);
            },
            (watched, callback, state),
            dueTime,
            period);
        return watched;
    }

    /// <summary>The inner timer, with its next due timestamp (FakeTimeProvider's: its UtcNow ticks).</summary>
    private sealed class WatchedTimer(TimerWatchingTimeProvider owner) : ITimer
    {
        private readonly Lock _lock = new();
        private long? _dueAt;
        private long _period;

        public ITimer Inner { get; set; } = null!;

        public long? DueAt
        {
            get
            {
                lock (_lock)
                {
                    return _dueAt;
                }
            }
        }

        public void Arm(TimeSpan dueTime, TimeSpan period)
        {
            lock (_lock)
            {
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetTimestamp() + dueTime.Ticks;
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? 0 : period.Ticks;
            }
        }

        /// <summary>A periodic timer's next due time, as FakeTimeProvider keeps it when a callback leaves time alone.</summary>
        public void Fired()
        {
            lock (_lock)
            {
                _dueAt = _period > 0 ? _dueAt + _period : null;
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Arm(dueTime, period);
            return Inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner._timers.TryRemove(this, out _);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
