namespace Leasehold.Client.Wire;

/// <summary>Body of <c>POST /v1/semaphores/{name}/acquire</c>.</summary>
internal sealed record PermitAcquireBody(string Holder, long TtlMs, int Permits, long? WaitMs);

/// <summary>Body of <c>POST /v1/semaphores/{name}/renew</c>.</summary>
internal sealed record PermitRenewBody(int Slot, string LeaseId, long? TtlMs);

/// <summary>Body of <c>POST /v1/semaphores/{name}/release</c>.</summary>
internal sealed record PermitReleaseBody(int Slot, string LeaseId);

/// <summary>A permit (acquire, renew) as the server writes it.</summary>
internal sealed record PermitBody(string Semaphore, int Permits, int Slot, string Resource, string Holder, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc);
