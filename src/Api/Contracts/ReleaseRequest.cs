namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/leases/{resource}/release</c>.</summary>
/// <param name="LeaseId">The lease to end.</param>
public sealed record ReleaseRequest(string? LeaseId);
