namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/elections/{name}/proclaim</c>.</summary>
/// <param name="LeaseId">The leader's lease id, as the campaign answered it.</param>
/// <param name="Value">The new value, up to 4096 characters; null clears it.</param>
public sealed record ProclaimRequest(string? LeaseId, string? Value);
