namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/leases/{resource}/renew</c>.</summary>
/// <param name="LeaseId">The lease to extend.</param>
/// <param name="TtlMs">New time to live from now, in milliseconds; omitted keeps the lease's TTL.</param>
public sealed record RenewRequest(string? LeaseId, long? TtlMs);
