using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>A granted lease. Keep <see cref="LeaseId"/> secret: it renews and releases the lease.</summary>
/// <param name="Resource">The leased resource.</param>
/// <param name="Holder">The holder.</param>
/// <param name="LeaseId">The handle for renew and release.</param>
/// <param name="Fence">The fence; grows with every grant on this resource.</param>
/// <param name="Token">The signed fencing token; send it as the <c>Fencing-Token</c> header with writes.</param>
/// <param name="TtlMs">Time to live of this grant, in milliseconds. Time it on your own monotonic clock from when you sent the request.</param>
/// <param name="ExpiresAtUtc">Expiry by the server's wall clock; for display only.</param>
/// <param name="Mode"><c>exclusive</c> or <c>shared</c>. A shared lease's token cannot write (403 <c>shared-lease</c>).</param>
public sealed record LeaseResponse(string Resource, string Holder, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc, string Mode = LeaseModes.Exclusive)
{
    public static LeaseResponse From(Lease lease) =>
        new(lease.Resource, lease.Holder, lease.LeaseId, lease.Fence, lease.Token, (long)lease.Ttl.TotalMilliseconds, lease.ExpiresAtUtc, LeaseModes.NameOf(lease.Mode));
}
