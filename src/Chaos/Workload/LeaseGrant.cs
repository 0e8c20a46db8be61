namespace Leasehold.Chaos.Workload;

/// <summary>A lease a client holds, as the service granted it.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="LeaseId">Its id, for renew and release.</param>
/// <param name="Fence">Its fence.</param>
/// <param name="Token">The signed fencing token writes carry.</param>
/// <param name="TtlMs">The TTL granted.</param>
/// <param name="Shared">Granted in shared mode (a read hold): its token must not write.</param>
public sealed record LeaseGrant(string Resource, string LeaseId, long Fence, string Token, long TtlMs, bool Shared = false);
