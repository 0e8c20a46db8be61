namespace Leasehold.Client;

/// <summary>A lease's public state (<c>GET /v1/leases/{resource}</c>): never its lease id or token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Held">Whether an unexpired lease exists.</param>
/// <param name="Holder">The holder, when held.</param>
/// <param name="Fence">The latest fence granted; 0 if never.</param>
/// <param name="ExpiresAtUtc">Expiry by the server's wall clock, when held.</param>
/// <param name="RemainingMs">Time left by the server's monotonic clock, in milliseconds, when held.</param>
/// <param name="Waiters">How many acquirers wait in line.</param>
public sealed record LeaseState(string Resource, bool Held, string? Holder, long Fence, DateTimeOffset? ExpiresAtUtc, long? RemainingMs, int Waiters);
