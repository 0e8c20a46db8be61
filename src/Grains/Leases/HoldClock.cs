namespace Leasehold.Grains.Leases;

/// <summary>
/// The monotonic times of one shared hold, on its lease grain's activation: surely held until <see cref="ExpiresAt"/>,
/// surely over after <see cref="OverAt"/> (later than the former only for a hold recovered from storage, known only within
/// the clock bound). Touched only in the lease's turns.
/// </summary>
internal sealed class HoldClock
{
    public long ExpiresAt { get; private set; }

    public long OverAt { get; private set; }

    /// <summary>Taken over from storage (a failover), not granted or renewed here: its end is told as lost.</summary>
    public bool Recovered { get; private set; }

    /// <summary>Its expiry was seen by the timer (logged and counted once).</summary>
    public bool ExpiryObserved { get; set; }

    /// <summary>Times the hold as granted or renewed at <paramref name="now"/> for <paramref name="ticks"/>.</summary>
    public void Start(long now, long ticks)
    {
        ExpiresAt = OverAt = now + ticks;
        Recovered = ExpiryObserved = false;
    }

    /// <summary>Times a hold read from storage: surely held for <paramref name="surelyHeldTicks"/>, surely over after <paramref name="overAfterTicks"/>.</summary>
    public void Recover(long now, long surelyHeldTicks, long overAfterTicks)
    {
        ExpiresAt = now + Math.Max(0, surelyHeldTicks);
        OverAt = Math.Max(ExpiresAt, now + overAfterTicks);
        Recovered = true;
        ExpiryObserved = false;
    }
}
