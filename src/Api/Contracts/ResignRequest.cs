namespace Leasehold.Api.Contracts;

/// <summary>Body of <c>POST /v1/elections/{name}/resign</c>.</summary>
/// <param name="LeaseId">The leader's lease id, as the campaign answered it.</param>
public sealed record ResignRequest(string? LeaseId);
