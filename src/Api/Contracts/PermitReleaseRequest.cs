namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/semaphores/{name}/release</c>.</summary>
/// <param name="Slot">The permit's slot, as its acquire answered.</param>
/// <param name="LeaseId">The permit's lease id.</param>
public sealed record PermitReleaseRequest(int? Slot, string? LeaseId);
