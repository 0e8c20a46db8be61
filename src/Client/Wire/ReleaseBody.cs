namespace Leasehold.Client.Wire;

/// <summary>Body of <c>POST /v1/leases/{resource}/release</c>.</summary>
internal sealed record ReleaseBody(string LeaseId);
