using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>
/// Leadership of an election: the lease on <see cref="Resource"/> (<c>election:NAME</c>) that its leader holds. Keep
/// <see cref="LeaseId"/> secret: it proclaims, resigns and renews (<c>POST /v1/leases/election:NAME/renew</c>).
/// </summary>
/// <param name="Election">The election's name.</param>
/// <param name="Resource">The election's lease: <c>election:NAME</c>. With keys on, the leader's token writes the keys <c>election:NAME</c> and <c>election:NAME.*</c>.</param>
/// <param name="Leader">The leader: the candidate that campaigned.</param>
/// <param name="Value">The value the leader proclaims.</param>
/// <param name="LeaseId">The handle for proclaim, resign and renew.</param>
/// <param name="Fence">The term's fence; grows with every term.</param>
/// <param name="Token">The signed fencing token; send it as the <c>Fencing-Token</c> header with the leader's writes.</param>
/// <param name="TtlMs">Time to live of the term, in milliseconds. Time it on your own monotonic clock from when you sent the request.</param>
/// <param name="ExpiresAtUtc">When the term expires by the server's wall clock; for display only.</param>
public sealed record LeadershipResponse(string Election, string Resource, string Leader, string? Value, string LeaseId, long Fence, string Token, long TtlMs, DateTimeOffset ExpiresAtUtc)
{
    public static LeadershipResponse From(string election, Lease lease, string? value) =>
        new(election, lease.Resource, lease.Holder, value, lease.LeaseId, lease.Fence, lease.Token, (long)lease.Ttl.TotalMilliseconds, lease.ExpiresAtUtc);
}
