namespace Leasehold.Client;

/// <summary>A session (<c>/v1/sessions/{sessionId}</c>). Keep <see cref="SessionId"/> secret: it keeps the session alive, closes it and acquires in it.</summary>
/// <param name="SessionId">The session's id.</param>
/// <param name="Holder">Who holds its leases.</param>
/// <param name="TtlMs">Its time to live in milliseconds: it ends unless kept alive within this long.</param>
/// <param name="Open">Whether it is open; once ended it stays ended.</param>
/// <param name="ExpiresAtUtc">Expiry by the server's wall clock, while open; for display only.</param>
/// <param name="RemainingMs">Time left by the server's monotonic clock, in milliseconds, while open.</param>
/// <param name="Leases">The leases it holds.</param>
/// <param name="EndReason">Why it ended (<c>closed</c>, <c>expired</c>), once it has.</param>
public sealed record SessionInfo(
    string SessionId, string Holder, long TtlMs, bool Open, DateTimeOffset? ExpiresAtUtc, long? RemainingMs, IReadOnlyList<SessionLeaseInfo> Leases, string? EndReason);

/// <summary>A lease a session holds: its resource and fence.</summary>
public sealed record SessionLeaseInfo(string Resource, long Fence);

/// <summary>The answer to closing a session: how many leases were released with it.</summary>
public sealed record SessionClosed(string SessionId, int ReleasedLeases);
