namespace Leasehold.Testing;

/// <summary>
/// A TimeProvider that moves only when told: both the monotonic timestamp and the wall clock advance
/// with <see cref="Advance"/>, timers fire as time passes them, and <see cref="SetUtcNow"/> moves only
/// the wall clock (an NTP step), as the notes' clock faults do.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private long _timestamp = 1_000_000_000;
    private DateTimeOffset _utcNow;

    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _utcNow = start ?? new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _timestamp;
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _utcNow;
        }
    }

    /// <summary>Moves the wall clock alone (a clock step); monotonic time and timers are untouched.</summary>
    public void SetUtcNow(DateTimeOffset utcNow)
    {
        lock (_lock)
        {
            _utcNow = utcNow;
        }
    }

    /// <summary>Moves both clocks forward and fires every timer that comes due, in due order. Reentrant: a callback may advance it too.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        long target;
        lock (_lock)
        {
            target = _timestamp + by.Ticks;
        }

        while (true)
        {
            ManualTimer? due;
            lock (_lock)
            {
                // A timer's callback may itself have moved time past the target (code under test that advances the
                // clock, run inline by the timer): monotonic time never goes back, so the advance is done.
                if (_timestamp > target)
                {
                    break;
                }

                due = _timers.Where(t => t.DueAt <= target).MinBy(t => t.DueAt);
                if (due is null)
                {
                    _utcNow += TimeSpan.FromTicks(target - _timestamp);
                    _timestamp = target;
                    break;
                }

                var step = Math.Max(0, due.DueAt - _timestamp);
                _utcNow += TimeSpan.FromTicks(step);
                _timestamp += step;
                due.Reschedule(_timestamp);
            }

            due.Fire();
        }
    }

    /// <summary>
    /// Whether some timer is armed to fire within <paramref name="span"/> from now: a test waits on it before moving time,
    /// so code that arms its timer on another thread has done so (a timer armed after <see cref="Advance"/> would count
    /// from the new time and never fire).
    /// </summary>
    public bool HasTimerDueWithin(TimeSpan span)
    {
        lock (_lock)
        {
            return _timers.Any(t => t.DueAt <= _timestamp + span.Ticks);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private long _period = -1;

        public long DueAt { get; private set; } = long.MaxValue;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                _period = period == Timeout.InfiniteTimeSpan || period <= TimeSpan.Zero ? -1 : period.Ticks;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = owner._timestamp + Math.Max(0, dueTime.Ticks);
                    owner._timers.Add(this);
                }
                else
                {
                    DueAt = long.MaxValue;
                }
            }

            return true;
        }

        /// <summary>Called under the owner's lock when this timer fires at <paramref name="now"/>.</summary>
        public void Reschedule(long now)
        {
            if (_period > 0)
            {
                DueAt = now + _period;
            }
            else
            {
                owner._timers.Remove(this);
                DueAt = long.MaxValue;
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._timers.Remove(this);
                DueAt = long.MaxValue;
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
