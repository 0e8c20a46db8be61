namespace Leasehold.Runtime.Membership;

/// <summary>This silo's view of the cluster's membership.</summary>
public interface IMembershipView
{
    /// <summary>This silo.</summary>
    SiloAddress LocalSilo { get; }

    /// <summary>The latest view this silo knows.</summary>
    MembershipSnapshot Current { get; }

    /// <summary>
    /// Raised with the new view each time the version this silo knows grows (placement recomputes on it).
    /// Handlers run on the thread that learned the change and must not block; a handler that throws is logged, not retried.
    /// </summary>
    event Action<MembershipSnapshot>? Changed;
}
