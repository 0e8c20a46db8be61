using Leasehold.Grains;

namespace Leasehold.Api.Contracts;

/// <summary>A session. Keep <see cref="SessionId"/> secret: it keeps the session alive, closes it and acquires leases in it.</summary>
/// <param name="SessionId">The session's id.</param>
/// <param name="Holder">Who holds its leases.</param>
/// <param name="TtlMs">Its time to live in milliseconds: it ends unless kept alive within this long. Time it on your own monotonic clock from when you sent the request.</param>
/// <param name="Open">Whether it is open; once ended (closed or expired) it stays ended.</param>
/// <param name="ExpiresAtUtc">When it expires by the server's wall clock, while open; for display only.</param>
/// <param name="RemainingMs">Time left by the server's monotonic clock, while open.</param>
/// <param name="Leases">The leases it holds (resource and fence; the lease ids are in the acquire answers only).</param>
/// <param name="EndReason">Why it ended, once it has: <c>closed</c> or <c>expired</c>.</param>
public sealed record SessionResponse(
    string SessionId, string Holder, long TtlMs, bool Open, DateTimeOffset? ExpiresAtUtc, long? RemainingMs, IReadOnlyList<SessionLeaseResponse> Leases, string? EndReason)
{
    public static SessionResponse From(SessionView view) => new(
        view.SessionId,
        view.Holder,
        (long)view.Ttl.TotalMilliseconds,
        view.Open,
        view.ExpiresAtUtc,
        view.Remaining is { } left ? (long)left.TotalMilliseconds : null,
        [.. view.Leases.Select(lease => new SessionLeaseResponse(lease.Resource, lease.Fence))],
        view.EndReason);
}

/// <summary>A lease a session holds.</summary>
/// <param name="Resource">The leased resource.</param>
/// <param name="Fence">The lease's fence.</param>
public sealed record SessionLeaseResponse(string Resource, long Fence);

/// <summary>The answer to closing a session.</summary>
/// <param name="SessionId">The session's id.</param>
/// <param name="ReleasedLeases">How many leases were released with it (0 when it had ended already).</param>
public sealed record SessionClosedResponse(string SessionId, int ReleasedLeases);
