using Orleans;

namespace Leasehold.Grains;

/// <summary>A request to extend a lease.</summary>
/// <param name="LeaseId">The lease being extended.</param>
/// <param name="Ttl">The new time to live from now; null keeps the lease's TTL.</param>
/// <param name="Owner">The principal asking (with authentication on): the lease's holder must belong to it. Null: no check.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.RenewLease")]
public sealed record RenewLease([property: Id(0)] string LeaseId, [property: Id(1)] TimeSpan? Ttl, [property: Id(2)] string? Owner = null);
