namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/semaphores/{name}/renew</c>.</summary>
/// <param name="Slot">The permit's slot, as its acquire answered.</param>
/// <param name="LeaseId">The permit's lease id.</param>
/// <param name="TtlMs">New time to live from now, in milliseconds; omitted keeps the permit's TTL.</param>
public sealed record PermitRenewRequest(int? Slot, string? LeaseId, long? TtlMs);
