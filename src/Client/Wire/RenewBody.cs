namespace Leasehold.Client.Wire;

/// <summary>Body of <c>POST /v1/leases/{resource}/renew</c>; a null TTL keeps the lease's own.</summary>
internal sealed record RenewBody(string LeaseId, long? TtlMs);
