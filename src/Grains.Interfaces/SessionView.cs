using Orleans;

namespace Leasehold.Grains;

/// <summary>A session's state.</summary>
/// <param name="SessionId">The session's id.</param>
/// <param name="Holder">Who holds its leases.</param>
/// <param name="Ttl">Its time to live: how long it lasts after each keep-alive.</param>
/// <param name="Open">Whether it is still open (not closed, not expired).</param>
/// <param name="ExpiresAtUtc">When it expires by the server's wall clock, while open; for display only.</param>
/// <param name="Remaining">Time left on the server's monotonic clock, while open.</param>
/// <param name="Leases">The leases it holds, while open.</param>
/// <param name="EndReason">Why it ended (<c>closed</c>, <c>expired</c>), once it has.</param>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SessionView")]
public sealed record SessionView(
    [property: Id(0)] string SessionId,
    [property: Id(1)] string Holder,
    [property: Id(2)] TimeSpan Ttl,
    [property: Id(3)] bool Open,
    [property: Id(4)] DateTimeOffset? ExpiresAtUtc,
    [property: Id(5)] TimeSpan? Remaining,
    [property: Id(6)] IReadOnlyList<SessionLease> Leases,
    [property: Id(7)] string? EndReason);

/// <summary>One lease a session holds, as its holder may see it: the resource and fence, not the lease id.</summary>
[GenerateSerializer]
[Immutable]
[Alias("leasehold.SessionLease")]
public sealed record SessionLease([property: Id(0)] string Resource, [property: Id(1)] long Fence);
