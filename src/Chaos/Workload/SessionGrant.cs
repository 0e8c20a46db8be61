namespace Leasehold.Chaos.Workload;

/// <summary>A session a client opened, as the service answered it.</summary>
/// <param name="SessionId">Its id, for keep-alives, acquires in it and the close.</param>
/// <param name="Holder">Who holds its leases.</param>
/// <param name="TtlMs">Its TTL: it ends unless kept alive within this long.</param>
public sealed record SessionGrant(string SessionId, string Holder, long TtlMs);
