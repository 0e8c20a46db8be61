namespace Leasehold.Client;

/// <summary>What a <see cref="LeaseEvent"/> tells.</summary>
public enum LeaseEventKind
{
    /// <summary>The watch (re)starts from <see cref="LeaseEvent.Lease"/>: it is new, or it missed changes no longer retained.</summary>
    Reset,

    /// <summary>A new lease, with a higher fence.</summary>
    Granted,

    /// <summary>The holder extended its lease (same fence).</summary>
    Renewed,

    /// <summary>The holder released its lease.</summary>
    Released,

    /// <summary>The lease's TTL ran out.</summary>
    Expired,

    /// <summary>The lease ended without release while it moved to another silo (failover): its holder may not know yet.</summary>
    Lost,
}
