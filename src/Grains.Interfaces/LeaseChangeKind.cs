namespace Leasehold.Grains;

/// <summary>What happened to a lease, as a watcher is told it.</summary>
public enum LeaseChangeKind
{
    /// <summary>A new lease was granted, with a fence higher than every one before.</summary>
    Granted,

    /// <summary>The holder extended its lease (a renewal, or the holder acquiring again): same lease, same fence.</summary>
    Renewed,

    /// <summary>The holder released its lease.</summary>
    Released,

    /// <summary>The lease's TTL ran out on the clock of the activation that granted or last renewed it.</summary>
    Expired,

    /// <summary>
    /// The lease ended without a release and without its own activation seeing it run out: the activation that timed it
    /// went away (its silo died or was declared dead), and the one that took the lease over from storage ended it at the
    /// stored expiry plus <c>Leases:ClockUncertainty</c>. Its holder may not have noticed; its fence is superseded by the next grant.
    /// </summary>
    Lost,
}
