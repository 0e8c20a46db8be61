namespace Leasehold.Client;

/// <summary>
/// How long a lease may still be trusted, on the local monotonic clock only. Each grant moves the deadline to
/// (when its request was sent + TTL − safety margin): the server started its TTL no earlier than that send, so
/// the deadline never falls after the server's expiry, whatever either wall clock says. When the deadline
/// passes, or the lease is refused or released, <see cref="Lost"/> is cancelled, once and for good.
/// </summary>
internal sealed class LeaseValidity : IDisposable
{
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _lost = new();
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private long _deadline;
    private string? _reason;

    public LeaseValidity(TimeProvider time, long sentAt, TimeSpan validFor)
    {
        _time = time;
        _deadline = sentAt + ToTimestampUnits(validFor);
        Lost = _lost.Token;
        _timer = time.CreateTimer(static state => ((LeaseValidity)state!).OnDeadline(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        Arm();
    }

    /// <summary>Cancelled when the lease can no longer be trusted.</summary>
    public CancellationToken Lost { get; }

    /// <summary>Why it was lost; null while it is trusted.</summary>
    public string? Reason
    {
        get
        {
            lock (_lock)
            {
                return _reason;
            }
        }
    }

    /// <summary>Time left before the deadline; zero once it has passed or the lease is lost.</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (_lock)
            {
                return _reason is null ? RemainingUnlocked() : TimeSpan.Zero;
            }
        }
    }

    /// <summary>A renewal sent at <paramref name="sentAt"/> was granted: the deadline moves forward (never back).</summary>
    public void Extend(long sentAt, TimeSpan validFor)
    {
        lock (_lock)
        {
            if (_reason is not null)
            {
                return;
            }

            _deadline = Math.Max(_deadline, sentAt + ToTimestampUnits(validFor));
        }

        Arm();
    }

    /// <summary>Marks the lease lost and fires <see cref="Lost"/>; false if it was lost already.</summary>
    public bool Lose(string reason)
    {
        lock (_lock)
        {
            if (_reason is not null)
            {
                return false;
            }

            _reason = reason;
        }

        _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            _lost.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered by the user failed; every callback has still run, and the signal stands.
        }

        return true;
    }

    public void Dispose()
    {
        _timer.Dispose();
        _lost.Dispose();
    }

    private void OnDeadline()
    {
        bool passed;
        lock (_lock)
        {
            passed = _reason is null && RemainingUnlocked() <= TimeSpan.Zero;
        }

        if (passed)
        {
            Lose("no renewal was confirmed within the TTL minus the safety margin (local monotonic clock)");
        }
        else
        {
            // A renewal moved the deadline after this timer was set (or the timer came early): wait for the new one.
            Arm();
        }
    }

    private void Arm()
    {
        TimeSpan due;
        lock (_lock)
        {
            if (_reason is not null)
            {
                return;
            }

            due = RemainingUnlocked();
        }

        _timer.Change(due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private TimeSpan RemainingUnlocked()
    {
        var left = _time.GetElapsedTime(_time.GetTimestamp(), _deadline);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private long ToTimestampUnits(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);
}
