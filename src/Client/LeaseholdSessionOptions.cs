namespace Leasehold.Client;

/// <summary>Options of a <see cref="LeaseholdSession"/>.</summary>
public sealed record LeaseholdSessionOptions
{
    /// <summary>Who holds the session's leases. Default: unique per session (<c>machine/pid/random</c>).</summary>
    public string? Holder { get; init; }

    /// <summary>The session's time to live: it ends, with every lease it holds, unless kept alive within this long. Default 30 s.</summary>
    public TimeSpan Ttl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A keep-alive is sent when this fraction of the TTL has passed since the last one was sent. Default 1/3.</summary>
    public double KeepAliveFraction { get; init; } = 1.0 / 3.0;

    /// <summary>
    /// Subtracted from the TTL on the local clock before <see cref="LeaseholdSession.SessionLost"/> fires (clock-rate
    /// differences, time to act on the signal). Default (null): a tenth of the TTL.
    /// </summary>
    public TimeSpan? SafetyMargin { get; init; }

    /// <summary>How long <see cref="LeaseholdSession.DisposeAsync"/> tries to close the session before leaving it to expire. Default 5 s.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(5);

    internal TimeSpan EffectiveSafetyMargin => SafetyMargin ?? Ttl / 10;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Ttl, TimeSpan.Zero, nameof(Ttl));
        if (KeepAliveFraction is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(KeepAliveFraction), KeepAliveFraction, "KeepAliveFraction must be between 0 and 1 (exclusive).");
        }

        if (EffectiveSafetyMargin < TimeSpan.Zero || EffectiveSafetyMargin >= Ttl * (1 - KeepAliveFraction))
        {
            throw new ArgumentOutOfRangeException(nameof(SafetyMargin), SafetyMargin, "SafetyMargin must be zero or more, and leave time to keep alive: below Ttl × (1 − KeepAliveFraction).");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CloseTimeout, TimeSpan.Zero, nameof(CloseTimeout));
    }
}
