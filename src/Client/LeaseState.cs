namespace Leasehold.Client;

/// <summary>A lease's public state (<c>GET /v1/leases/{resource}</c>): never its lease id or token.</summary>
/// <param name="Resource">The resource.</param>
/// <param name="Held">Whether an unexpired lease exists.</param>
/// <param name="Holder">The holder, when held.</param>
/// <param name="Fence">The latest fence granted; 0 if never.</param>
/// <param name="ExpiresAtUtc">Expiry by the server's wall clock, when held.</param>
/// <param name="RemainingMs">Time left by the server's monotonic clock, in milliseconds, when held.</param>
/// <param name="Waiters">How many acquirers wait in line.</param>
/// <param name="Mode">Shared while shared holders hold it (then <paramref name="Holder"/> is null), else exclusive.</param>
/// <param name="SharedHolderCount">How many shared holders hold it.</param>
/// <param name="SharedHolders">The shared holders; empty (or null, from a server before read-write locks) in exclusive mode.</param>
public sealed record LeaseState(
    string Resource,
    bool Held,
    string? Holder,
    long Fence,
    DateTimeOffset? ExpiresAtUtc,
    long? RemainingMs,
    int Waiters,
    LeaseMode Mode = LeaseMode.Exclusive,
    int SharedHolderCount = 0,
    IReadOnlyList<SharedHolder>? SharedHolders = null);
