namespace Leasehold.Grains;

/// <summary>A lease's state as anyone may see it: never the lease id or the token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Held">Whether an unexpired lease exists.</param>
/// <param name="Holder">The holder, when held.</param>
/// <param name="Fence">The latest fence granted (0 if never granted).</param>
/// <param name="ExpiresAtUtc">When the current lease expires (server wall clock), when held.</param>
/// <param name="Remaining">Time left on the server's monotonic clock, when held.</param>
/// <param name="Waiters">How many acquirers wait in line.</param>
public sealed record LeaseView(string Resource, bool Held, string? Holder, long Fence, DateTimeOffset? ExpiresAtUtc, TimeSpan? Remaining, int Waiters);
