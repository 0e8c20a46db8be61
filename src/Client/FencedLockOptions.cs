namespace Leasehold.Client;

/// <summary>Options of a <see cref="FencedLock"/>.</summary>
public sealed record FencedLockOptions
{
    /// <summary>Who holds the lock. Default: unique per lock (<c>machine/pid/random</c>), so two locks never share a lease.</summary>
    public string? Holder { get; init; }

    /// <summary>
    /// Exclusive (the default: one holder, a writer) or shared (a read lock: many holders at once while no writer holds it;
    /// readers arriving after a waiting writer wait behind it). A shared lock's token cannot write.
    /// </summary>
    public LeaseMode Mode { get; init; } = LeaseMode.Exclusive;

    /// <summary>Time to live of each grant and renewal. Default 30 s.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for the lock if someone holds it; zero tries once, <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled. Default zero.</summary>
    public TimeSpan Wait { get; init; } = TimeSpan.Zero;

    /// <summary>A renewal is sent when this fraction of the TTL has passed since the last grant was requested. Default 1/3 (two more chances before expiry).</summary>
    public double RenewFraction { get; init; } = 1.0 / 3.0;

    /// <summary>
    /// Subtracted from the TTL on the local clock before <see cref="FencedLock.LeaseLost"/> fires: room for the two
    /// machines' clocks running at slightly different rates, and for the time between the signal and acting on it.
    /// Default (null): a tenth of the TTL.
    /// </summary>
    public TimeSpan? SafetyMargin { get; init; }

    /// <summary>Longest wait asked of the server in one acquire; longer waits are made of several. Keep it at or below the server's <c>Leases:WaitMax</c> (20 s by default). Default 10 s.</summary>
    public TimeSpan ServerWaitMax { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long <see cref="FencedLock.DisposeAsync"/> tries to release before leaving the lease to expire. Default 5 s.</summary>
    public TimeSpan ReleaseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    internal TimeSpan EffectiveSafetyMargin => SafetyMargin ?? Ttl / 10;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Ttl, TimeSpan.Zero, nameof(Ttl));
        if (Wait < TimeSpan.Zero && Wait != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(Wait), Wait, "Wait must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        if (RenewFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RenewFraction), RenewFraction, "RenewFraction must be between 0 and 1 (exclusive).");
        }

        if (EffectiveSafetyMargin < TimeSpan.Zero || EffectiveSafetyMargin >= Ttl * (1 - RenewFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(SafetyMargin), SafetyMargin, "SafetyMargin must be zero or more, and leave time to renew: below Ttl × (1 − RenewFraction).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ServerWaitMax, TimeSpan.Zero, nameof(ServerWaitMax));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReleaseTimeout, TimeSpan.Zero, nameof(ReleaseTimeout));
    }
}
