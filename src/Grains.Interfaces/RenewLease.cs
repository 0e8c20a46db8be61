namespace Leasehold.Grains;

/// <summary>A request to extend a lease.</summary>
/// <param name="LeaseId">The lease being extended.</param>
/// <param name="Ttl">The new time to live from now; null keeps the lease's TTL.</param>
/// <param name="Owner">The principal asking (with authentication on): the lease's holder must belong to it. Null: no check.</param>
public sealed record RenewLease(string LeaseId, TimeSpan? Ttl, string? Owner = null);
