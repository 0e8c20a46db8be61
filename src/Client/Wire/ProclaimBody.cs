namespace Leasehold.Client.Wire;

/// <summary>Body of <c>POST /v1/elections/{name}/proclaim</c>.</summary>
internal sealed record ProclaimBody(string LeaseId, string? Value);
