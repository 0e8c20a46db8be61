namespace Leasehold.Grains;

/// <summary>A request to extend a lease.</summary>
/// <param name="LeaseId">The lease being extended.</param>
/// <param name="Ttl">The new time to live from now; null keeps the lease's TTL.</param>
public sealed record RenewLease(string LeaseId, TimeSpan? Ttl);
