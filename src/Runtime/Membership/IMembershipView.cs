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

    /// <summary>
    /// A message from another silo carried membership version <paramref name="version"/>: if it is newer than
    /// <see cref="Current"/>, re-read the table soon (concurrent requests share one read). Never blocks or throws.
    /// </summary>
    void Observe(long version);

    /// <summary>Re-reads the membership now (e.g. after a silo could not be reached); a failed read is logged, not thrown.</summary>
    Task RefreshNowAsync(CancellationToken cancellationToken = default);
}
