using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>
/// A permit of a semaphore: the lease on <see cref="Resource"/> (<c>semaphore:NAME:SLOT</c>). Keep <see cref="LeaseId"/>
/// secret: it renews and releases the permit (also through the lease routes on that resource).
/// </summary>
/// <param name="Semaphore">The semaphore's name.</param>
/// <param name="Permits">How many permits the semaphore has.</param>
/// <param name="Slot">This permit's slot, 0 to permits − 1.</param>
/// <param name="Resource">The slot's lease: <c>semaphore:NAME:SLOT</c>. Its token writes the keys <c>semaphore:NAME:SLOT</c> and <c>semaphore:NAME:SLOT.*</c>.</param>
/// <param name="Holder">The holder.</param>
/// <param name="LeaseId">The handle for renew and release.</param>
/// <param name="Fence">The slot's fence: it grows with every grant of this slot (not of the semaphore).</param>
/// <param name="Token">The signed fencing token; send it as the <c>Fencing-Token</c> header with writes made under the permit.</param>
/// <param name="TtlMs">Time to live of the permit, in milliseconds. Time it on your own monotonic clock from when you sent the request.</param>
/// <param name="ExpiresAtUtc">When the permit expires by the server's wall clock; for display only.</param>
public sealed record PermitResponse(string Semaphore, int Permits, int Slot, string Resource, string Holder, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc)
{
    public static PermitResponse From(string semaphore, int permits, int slot, Lease lease) =>
        new(semaphore, permits, slot, lease.Resource, lease.Holder, lease.LeaseId, lease.Fence, lease.Token, (long)lease.Ttl.TotalMilliseconds, lease.ExpiresAtUtc);
}
